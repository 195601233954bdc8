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
 * update_dte256 is hitless only for an IOMMU that fetches the DTE whole.
 *
 * AMD-Vi's Linux driver writes the 256-bit Device Table Entry as two cmpxchg16b halves and orders them on the
 * strength of a comment: "the IOMMU reads the entire DTE in a single 256-bit transaction". Here it moves a device
 * from a host (v1) page table (DomainID 2) to a GCR3 table with a 5-level guest page table (DomainID 4). Both
 * entries are valid and the live one has GV=0, so update_dte256 takes branch 3: the upper half first (GPTLevel,
 * qword 2), then the lower half (GV, GCR3, DomainID, qwords 0-1), then the flushes.
 *
 * A reader that fetches the two 128-bit halves separately, in any order (the what-if reader strict-128), can read
 * the upper half before the first store and the lower half after the second: the new GCR3 table with the old
 * 4-level GPT ("TORN no": chunk 0 new, chunk 1 old). This test must observe that tear, or the gate fails.
 *
 * Variant WholeFetch: the same plan against the driver's assumption, one atomic 256-bit fetch (the DTE's strict
 * reader): only the old entry (also between the two stores, "OLD x": the new GPTLevel is ignored while GV=0) or
 * the new one, never torn. The one atomic read is EntryTable.readChunk over both 128-bit sequences, the reader
 * contract's (core reader.LiveReader), the same code the checker's model and the JMH device thread stand for.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter UpdateDte256TearsUnlessFetchedWhole -- -sc false
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run each):
 *
 *            128-bit halves          WholeFetch (256 bits)
 *   OLD oo        668,058        OLD o       558,542
 *   OLD on          4,083        OLD x            76
 *   NEW nn      1,088,509        NEW n     1,071,039
 *   TORN no         1,518        (TORN forbidden)
 *   samples     1,762,168                  1,629,657   (about 0.4 M samples/s: three syncs' handshakes per sample)
 *
 * The tear was seen in each of the 4 JVM configurations (2, 152, 958, 406 times), about one per 1,160 samples.
 */
@JCStressTest
@MustObserve(Seen.TORN)
@Outcome(id = "OLD oo",  expect = ACCEPTABLE,             desc = "The host table: the fetch came before the first store.")
@Outcome(id = "OLD on",  expect = ACCEPTABLE,             desc = "The host table: upper half already new, but GV=0 ignores GPTLevel.")
@Outcome(id = "NEW nn",  expect = ACCEPTABLE,             desc = "The GCR3 table, 5-level: the fetch came after the lower half's store.")
@Outcome(id = "TORN no", expect = ACCEPTABLE_INTERESTING, desc = "Torn: the new GCR3 table walked as 4-level; upper half read before its store, lower after its own.")
@Outcome(                expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class UpdateDte256TearsUnlessFetchedWhole {
    static final Race.Setup SETUP = Race.setup("amd-dte", "amd-update-dte256", "v1-l3-a", "v2-5level", "strict-128");

    final Race race = new Race(SETUP);

    @Actor
    public void writer() {
        race.writer();
    }

    @Actor
    public void reader(L_Result r) {
        r.r1 = race.reader();
    }

    @JCStressTest
    @Outcome(id = "OLD o",   expect = ACCEPTABLE, desc = "The host table: the fetch came before the first store.")
    @Outcome(id = "OLD x",   expect = ACCEPTABLE, desc = "The host table: between the two stores; GV=0 ignores the new GPTLevel.")
    @Outcome(id = "NEW n",   expect = ACCEPTABLE, desc = "The GCR3 table, 5-level: the fetch came after the lower half's store.")
    @Outcome(id = "TORN .*", expect = FORBIDDEN,  desc = "Torn: impossible when the DTE is fetched in one 256-bit read.")
    @Outcome(                expect = FORBIDDEN,  desc = "Outside the checker's set: the harness or the checker is wrong.")
    @State
    public static class WholeFetch {
        static final Race.Setup SETUP = Race.setup("amd-dte", "amd-update-dte256", "v1-l3-a", "v2-5level", "strict");

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
}
