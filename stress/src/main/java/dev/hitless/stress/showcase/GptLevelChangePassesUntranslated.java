package dev.hitless.stress.showcase;

import dev.hitless.reader.Seen;
import dev.hitless.stress.MustObserve;
import dev.hitless.stress.Race;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * A change of the guest page-table level lets DMA through untranslated.
 *
 * update_dte256's branch 5 (both DTEs valid with GV=1, another GPT level; here a GCR3 table moving from a 4-level to
 * a 5-level guest page table) "first disables the DTE": it stores an all-zero lower half (V=0), flushes, writes the
 * upper half and then the lower half, and flushes again. On AMD-Vi a DTE with V=0 does not block: the device's
 * requests pass untranslated to physical memory (docs/entry-formats.md 4.3). The reader is the driver's own
 * assumption, one atomic 256-bit fetch, so nothing tears; a fetch anywhere in the V=0 window sees the all-zero lower
 * half ("UNTRANSLATED x"). This test must observe that window, or the gate fails.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter GptLevelChangePassesUntranslated -- -sc false
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run):
 *
 *             RESULT      SAMPLES
 *              OLD o      740,365
 *              NEW n    1,013,176
 *     UNTRANSLATED x        1,692   (303, 410, 543 and 436 in the 4 JVM configurations; one per ~1,040 samples)
 */
@JCStressTest
@MustObserve(Seen.UNTRANSLATED)
@Outcome(id = "OLD o",          expect = ACCEPTABLE,             desc = "The 4-level GCR3 table: the fetch came before V was cleared.")
@Outcome(id = "NEW n",          expect = ACCEPTABLE,             desc = "The 5-level GCR3 table: the fetch came after the new lower half.")
@Outcome(id = "UNTRANSLATED x", expect = ACCEPTABLE_INTERESTING, desc = "V=0: the device's DMA passes untranslated while the level changes.")
@Outcome(id = "TORN .*",        expect = FORBIDDEN,              desc = "Torn: impossible when the DTE is fetched in one 256-bit read.")
@Outcome(id = "BLOCKED .*",     expect = FORBIDDEN,              desc = "Blocked: the window is V=0, which AMD-Vi does not block.")
@Outcome(                       expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class GptLevelChangePassesUntranslated {
    static final Race.Setup SETUP = Race.setup("amd-dte", "amd-update-dte256", "v2-4level", "v2-5level", "strict");

    final Race race = new Race(SETUP);

    @Actor
    public void writer() {
        race.writer();
    }

    @Actor
    public void reader(L_Result r) {
        r.r1 = race.reader();
    }
}
