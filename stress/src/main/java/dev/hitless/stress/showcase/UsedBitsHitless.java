package dev.hitless.stress.showcase;

import dev.hitless.stress.Race;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * The used-bits ordering is hitless where it claims to be.
 *
 * The 2026 entry-sync library (used-bits algorithm, 128-bit quanta, cmpxchg16b) moves a first-stage PASID entry to
 * a new page table with the same DID: only FSPTPTR (chunk 1) changes, so exactly one quantum is critical and the
 * algorithm claims hitless. It stores chunk 1 with one 128-bit atomic store and syncs. The strict reader (128-bit
 * chunks, any order, no cache) sees the old or the new entry, never anything else.
 *
 * Variant: ARM's arm_smmu_write_entry (64-bit quanta) replacing a stage-2 STE's page table (S2TTB, one qword),
 * raced by SMMUv3's 64-bit strict reader.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter UsedBitsHitless
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run):
 *
 *   VT-d, used-bits-128          STE, used-bits-64 (Ste64)
 *    OLD =o==   1,908,224         OLD ===o====   1,438,828
 *    NEW =n==  11,520,496         NEW ===n====  10,553,996
 */
@JCStressTest
@Outcome(id = "OLD =o==", expect = ACCEPTABLE, desc = "The old page table: the fetch read chunk 1 before the 128-bit store.")
@Outcome(id = "NEW =n==", expect = ACCEPTABLE, desc = "The new page table: the fetch read chunk 1 after the 128-bit store.")
@Outcome(id = "TORN .*",  expect = FORBIDDEN,  desc = "Torn: one critical quantum stored atomically cannot tear.")
@Outcome(id = "BLOCKED .*", expect = FORBIDDEN, desc = "Not present: the hitless path never clears P.")
@Outcome(                 expect = FORBIDDEN,  desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class UsedBitsHitless {
    static final Race.Setup SETUP = Race.setup("vtd-pasid", "used-bits-128", "fl-did5-a", "fl-did5-b", "strict");

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
    @Outcome(id = "OLD ===o====", expect = ACCEPTABLE, desc = "The old stage-2 table: qword 3 read before the store.")
    @Outcome(id = "NEW ===n====", expect = ACCEPTABLE, desc = "The new stage-2 table: qword 3 read after the store.")
    @Outcome(id = "TORN .*",      expect = FORBIDDEN,  desc = "Torn: one critical qword stored atomically cannot tear.")
    @Outcome(id = "BLOCKED .*",   expect = FORBIDDEN,  desc = "Not present: the hitless path never clears V.")
    @Outcome(                     expect = FORBIDDEN,  desc = "Outside the checker's set: the harness or the checker is wrong.")
    @State
    public static class Ste64 {
        static final Race.Setup SETUP = Race.setup("smmu-ste", "used-bits-64", "s2-vmid1", "s2-vmid1-ttb-b", "strict");

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
