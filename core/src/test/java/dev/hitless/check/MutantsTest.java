package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.UsedBits;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness self-check. A mutant the checker calls safe must have a structural reason; each class of reason is
 * shown here on one example, reasoned by hand.
 */
class MutantsTest {
    static final EntryFormat VTD = Formats.vtd();
    static final ReaderModel STRICT = ReaderModel.strict(VTD);

    @Test
    void everyUnflaggedMutantIsExplainedAndTheKnownBadOrderingsTear() {
        MutantReport r = MutantReport.run(Formats.all());
        for (MutantReport.Row row : r.rows()) {
            assertTrue(row.unexplained.isEmpty(), row.ordering + " " + row.format + ": " + row.unexplained);
            assertTrue(row.flagged() > 0, row.ordering + " " + row.format);
        }
        for (MutantReport.KnownBad k : r.knownBad()) {
            assertEquals(k.mustTear(), k.tornWhereMust(), k.toString());
            assertEquals(0, k.tornSticky(), k.toString());
        }
        assertTrue(r.ok());
    }

    @Test
    void droppingABarrierIsInvisibleBecauseTheModelAlreadyAssumesProgramOrder() {
        // The checker assumes stores become visible in program order (the plan's order), which is exactly what a
        // write barrier buys on the CPU side. So a plan without its barrier has the same memory versions between
        // the same syncs: identical observations. This is a limit of the model, stated honestly: the stress tests
        // on real memory, not the checker, are where a missing dma_wmb could show.
        Plan p = UsedBits.quanta128().plan(VTD, VTD.parseConfig("fl-did5-a"), VTD.parseConfig("fl-did5-b"));
        assertTrue(p.steps().get(0) instanceof Step.Barrier);
        Mutants.Mutant m = Mutants.of(p).stream().filter(x -> x.kind() == Mutants.Kind.DROP_BARRIER).findFirst().orElseThrow();
        Mutants.Judged j = Mutants.judge(m, Checker.check(p, STRICT));
        assertFalse(j.flagged());
        assertEquals(Mutants.SAME_WINDOWS, j.equivalence().orElseThrow());
        assertEquals(Checker.observations(p, STRICT), Checker.observations(m.plan(), STRICT));
    }

    @Test
    void swappingIndependentStoresInOneWindowIsInvisibleToAnAnyOrderReader() {
        // Two stores in one window to different chunks (c0 then c1, or c1 then c0). An any-order reader takes each
        // chunk from any version of the window, so what it can see is the product of each chunk's values in the
        // window: {old, new} x {old, new} either way. An ascending reader does tell them apart (CheckerTest).
        Entry a = VTD.parseConfig("fl-did5-a"), b = VTD.parseConfig("fl-did6-b");
        Step c0 = new Step.Store128(0, b.qword(0), b.qword(1)), c1 = new Step.Store128(1, b.qword(2), b.qword(3));
        Plan p = CheckerTest.plan(a, b, c0, c1, CheckerTest.SYNC);
        Plan q = CheckerTest.plan(a, b, c1, c0, CheckerTest.SYNC);
        assertEquals(Checker.check(p, STRICT).outcomes(), Checker.check(q, STRICT).outcomes());
        assertEquals(Mutants.SAME_CHUNK_VALUES, Mutants.equivalence(p, q, STRICT).orElseThrow());
        assertTrue(Mutants.equivalence(p, q, ReaderModel.preset("ascending", VTD)).isEmpty()
                || !Checker.check(p, ReaderModel.preset("ascending", VTD)).outcomes()
                .equals(Checker.check(q, ReaderModel.preset("ascending", VTD)).outcomes()));
    }

    @Test
    void movingAnUnusedBitsStoreIntoTheNextWindowCanBeSafeWhenTheChunkHoldsTheValidBit() {
        // used-bits-64 on VT-d, not-present -> fl: the current entry uses only P, so the first window writes
        // q1 (DID) and q2 (FSPTPTR) and q0 without P; the second sets P. Moving the q1 store after the first sync
        // puts it next to the P store, but both live in chunk 0 (q0-1) of the 128-bit reader and stores are seen
        // in program order, so chunk 0 reads (P=0, old q1) -> (P=0, new q1) -> (P=1, new q1): every new
        // observation is not present and judged by P alone, like one the original already offers.
        Plan p = UsedBits.qwords().plan(VTD, VTD.parseConfig("not-present"), VTD.parseConfig("fl-did5-a"));
        List<Step> s = new ArrayList<>(p.steps());
        int q1 = -1, sync = -1;
        for (int i = 0; i < s.size(); i++) {
            if (q1 < 0 && s.get(i) instanceof Step.Store64 st && st.qword() == 1) q1 = i;
            if (sync < 0 && s.get(i) instanceof Step.Sync) sync = i;
        }
        Step moved = s.remove(q1);
        s.add(sync, moved);
        Plan m = p.withSteps("moved", s);
        CheckResult orig = Checker.check(p, STRICT), mut = Checker.check(m, STRICT);
        assertEquals(orig.verdict(), mut.verdict());
        assertEquals(Mutants.IGNORED_BITS_ONLY, Mutants.equivalence(p, m, STRICT).orElseThrow());
        // With a 64-bit reader the same move is a tear: q0 with P=1 beside the old q1 (DID 0).
        ReaderModel r64 = new ReaderModel(64, ReaderModel.ChunkOrder.ANY, ReaderModel.Cache.NONE);
        assertEquals(Verdict.TORN, Checker.check(m, r64).verdict());
        assertEquals(Verdict.HITLESS, Checker.check(p, r64).verdict());
    }

    @Test
    void usedBitsAreClosedUnderIgnoredBits() {
        // The IGNORED_BITS_ONLY argument needs: if e1 equals e2 on used(e1), then used(e2) = used(e1). True when
        // the fields that decide the used bits are themselves used. Checked on every catalogue entry with each
        // single bit outside its used bits flipped.
        for (EntryFormat f : Formats.all()) {
            for (var c : f.catalogue()) {
                Entry used = f.usedBits(c.entry());
                for (int q = 0; q < Entry.QWORDS; q++) {
                    for (int bit = 0; bit < 64; bit++) {
                        if ((used.qword(q) >>> bit & 1) != 0) continue;
                        Entry flipped = c.entry().withQword(q, c.entry().qword(q) ^ (1L << bit));
                        assertEquals(used, f.usedBits(flipped), f.name() + " " + c.name() + " q" + q + " bit " + bit);
                    }
                }
            }
        }
    }
}
