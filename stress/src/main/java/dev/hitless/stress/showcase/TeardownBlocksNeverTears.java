package dev.hitless.stress.showcase;

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
 * Teardown and re-attach blocks, but never tears.
 *
 * VT-d's replace since January 2026: clear P, flush, zero the entry, write the new entry with P = 0, barrier, set
 * P, flush. The same first-stage domain replace as StructCopyTears. A reader that reads the chunk holding P first
 * (ascending reader: 128-bit chunks in address order, no cache) sees the old entry, the new one, or a non-present
 * entry (BLOCKED: DMA faults meanwhile; the cost hitless updates avoid), never a present mix.
 *
 * The claim needs the chunk holding P to be read first: for the strict reader (any chunk order) the checker finds a
 * tear, because chunk 1 may be read while it is still zero or old and chunk 0 after P is set; see the generated
 * test ClearThenUpdate__FlDid5A__FlDid6B__Strict.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter TeardownBlocksNeverTears
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run):
 *
 *        RESULT      SAMPLES
 *      OLD oo==    9,138,830
 *      NEW nn==      853,205
 *  BLOCKED xo==       14,337
 *  BLOCKED xx==        8,251
 *  BLOCKED xn==       19,582
 */
@JCStressTest
@Outcome(id = "OLD oo==",     expect = ACCEPTABLE,             desc = "The old domain: the fetch came before P was cleared.")
@Outcome(id = "NEW nn==",     expect = ACCEPTABLE,             desc = "The new domain: the fetch came after P was set.")
@Outcome(id = "BLOCKED xo==", expect = ACCEPTABLE_INTERESTING, desc = "Not present, chunk 1 still old: P cleared, rest not yet zeroed.")
@Outcome(id = "BLOCKED xx==", expect = ACCEPTABLE_INTERESTING, desc = "Not present, chunk 1 zeroed: between teardown and set-up.")
@Outcome(id = "BLOCKED xn==", expect = ACCEPTABLE_INTERESTING, desc = "Not present, chunk 1 new: set-up written, P not yet set.")
@Outcome(id = "TORN .*",      expect = FORBIDDEN,              desc = "Torn: impossible when P's chunk is read first.")
@Outcome(                     expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class TeardownBlocksNeverTears {
    static final Race.Setup SETUP = Race.setup("vtd-pasid", "clear-then-update", "fl-did5-a", "fl-did6-b", "ascending");

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
