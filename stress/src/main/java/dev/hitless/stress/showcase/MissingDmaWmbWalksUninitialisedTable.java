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
 * Without its leading dma_wmb, a hitless STE update lets the SMMU walk a table nobody has written yet.
 *
 * The 2026 ARM fix "iommu/arm-smmu-v3: Add a missing dma_wmb() for hitless STE update" (6fabce53f6b9). Before the
 * update the driver writes the new stage-2 page table; the hitless path then stores the STE's qword 3 (the new S2TTB)
 * and syncs. Moving a stage-2 STE to another page table changes S2TTB only, so step 1 of the used-bits algorithm has
 * nothing to write and the very first store is the critical one. On ARM, stores reach the SMMU in any order between
 * two ordering points (barrier-ordered visibility): without a dma_wmb between the table's initialisation and the
 * S2TTB store, the SMMU may fetch the new pointer and walk the table before its contents arrive ("UNINIT ===n====").
 *
 * x86 never reorders stores, so the writer emulates the device's view (docs/stress.md, "Barrier-ordered visibility
 * on x86"): per sample it performs the table's initialisation (an off-heap word) and the S2TTB store in an order
 * drawn among those the visibility allows, and the reader, after fetching the entry, reads the table's word as the
 * SMMU's walk would. This test must observe UNINIT, or the gate fails.
 *
 * The shipped ordering with the barrier, on the same transition, is UsedBitsHitless.Ste64: the barrier ends the
 * table's segment before the S2TTB store, so it only ever sees OLD and NEW.
 *
 * The plan is the known-bad ordering used-bits-64-no-wmb (used-bits-64 without its leading barrier, docs/visibility.md):
 *    1  store64   q3            0x0000000000090000                     S2TTB 0x80000->0x90000
 *    2  sync      entry
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter MissingDmaWmb -- -sc false
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run, 2026-12-01):
 *
 *                   no barrier (this)   with it (UsedBitsHitless.Ste64, same run)
 *    OLD    ===o====      328,832              386,771
 *    NEW    ===n====    1,788,039            1,647,367
 *    UNINIT ===n====          121                    0
 *
 * About one sample in 17,500 walks the uninitialised table (the fetch must fall between the S2TTB store and the
 * table's, in the half of the samples that perform them in that order); all 4 JVM configurations saw it. Over ten
 * such runs: UNINIT in 10 of 10, one per ~10,600 samples (docs/stress.md, "The missing dma_wmb, detected").
 */
@JCStressTest
@MustObserve(Seen.UNINIT)
@Outcome(id = "OLD ===o====",    expect = ACCEPTABLE,             desc = "The old stage-2 table: qword 3 read before the store.")
@Outcome(id = "NEW ===n====",    expect = ACCEPTABLE,             desc = "The new stage-2 table, already initialised when the SMMU walked it.")
@Outcome(id = "UNINIT ===n====", expect = ACCEPTABLE_INTERESTING, desc = "The new S2TTB before its table: with no dma_wmb the SMMU saw the pointer store first and walked uninitialised memory.")
@Outcome(id = "TORN .*",         expect = FORBIDDEN,              desc = "Torn: one critical qword stored atomically cannot tear.")
@Outcome(id = "BLOCKED .*",      expect = FORBIDDEN,              desc = "Not present: the hitless path never clears V.")
@Outcome(                        expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class MissingDmaWmbWalksUninitialisedTable {
    static final Race.Setup SETUP = Race.setup("smmu-ste", "used-bits-64-no-wmb", "s2-vmid1", "s2-vmid1-ttb-b", "strict");

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
