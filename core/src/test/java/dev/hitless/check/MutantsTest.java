package dev.hitless.check;

import dev.hitless.matrix.Matrix;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NarrowFormats;
import dev.hitless.ordering.UsedBits;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
            assertTrue(row.unexplained.isEmpty(), row.ordering + " " + row.format + " " + row.visibility.label() + ": " + row.unexplained);
            // A driver's own ordering (one that applies to its format only) is checked for a kill under its platform's
            // visibility: amd-update-dte256 is x86 code (in-order); under barrier-ordered only its single-store plans
            // meet their claim, and their mutants (a redundant second flush, a no-op store) are all explained.
            boolean generic = Formats.all().stream().allMatch(dev.hitless.ordering.Orderings.byName(row.ordering)::appliesTo);
            if (generic || row.visibility == Visibility.defaultFor(Formats.byName(row.format))) {
                assertTrue(row.flagged() > 0, row.ordering + " " + row.format + " " + row.visibility.label());
            }
        }
        // Barrier-ordered: dropping a barrier, or making it an smp_wmb, is killed somewhere (the "0 of 502")
        assertTrue(r.killRate(Mutants.Kind.DROP_BARRIER, Visibility.BARRIER_ORDERED)[0] > 0, r.text());
        assertTrue(r.killRate(Mutants.Kind.BARRIER_KIND, Visibility.BARRIER_ORDERED)[0] > 0, r.text());
        for (MutantReport.KnownBad k : r.knownBad()) {
            assertEquals(k.mustTear(), k.tornWhereMust(), k.toString());
            assertEquals(0, k.tornSticky(), k.toString());
        }
        assertTrue(r.ok());
    }

    /** The same self-check on the 4- and 2-qword test formats: the mutants and their judgements follow the width. */
    @Test
    void everyUnflaggedMutantOfANarrowEntryIsExplained() {
        MutantReport r = MutantReport.run(NarrowFormats.all());
        assertFalse(r.rows().isEmpty());
        for (MutantReport.Row row : r.rows()) {
            assertTrue(row.unexplained.isEmpty(), row.ordering + " " + row.format + " " + row.visibility.label() + ": " + row.unexplained);
            assertTrue(row.flagged() > 0, row.ordering + " " + row.format + " " + row.visibility.label());
        }
        for (MutantReport.KnownBad k : r.knownBad()) assertEquals(0, k.tornSticky(), k.toString());
        assertTrue(r.ok(), r.text());
    }

    @Test
    void droppingABarrierIsInvisibleInOrder() {
        // In-order visibility (x86 TSO, WRITE_ONCE): every store reaches the device in program order, which is what
        // a barrier buys. So a plan without its barrier offers the device the same sequence of memory states: the
        // same observations. The barrier-kind mutant (dma_wmb -> smp_wmb) is invisible for the same reason.
        Plan p = UsedBits.quanta128().plan(VTD, VTD.parseConfig("fl-did5-a"), VTD.parseConfig("fl-did5-b"));
        assertTrue(p.steps().get(0) instanceof Step.Barrier);
        for (Mutants.Kind k : List.of(Mutants.Kind.DROP_BARRIER, Mutants.Kind.BARRIER_KIND)) {
            Mutants.Mutant m = Mutants.of(p).stream().filter(x -> x.kind() == k).findFirst().orElseThrow();
            assertEquals(0, m.step());
            Mutants.Judged j = Mutants.judge(m, Checker.check(p, STRICT));
            assertFalse(j.flagged(), k.label());
            assertEquals(Mutants.BARRIER_IN_ORDER, j.equivalence().orElseThrow(), k.label());
            assertEquals(Checker.observations(p, STRICT), Checker.observations(m.plan(), STRICT));
        }
    }

    static final EntryFormat STE = Formats.ste();
    static final ReaderModel STE_BARRIER = ReaderModel.strict(STE);
    static final ReaderModel STE_IN_ORDER = STE_BARRIER.withVisibility(Visibility.IN_ORDER);
    static final Step DMA_WMB = new Step.Barrier(BarrierKind.DMA_WMB), SMP_WMB = new Step.Barrier(BarrierKind.SMP_WMB);

    static Plan ste(String from, String to, Step... steps) {
        return new Plan("hand", STE, STE.parseConfig(from), STE.parseConfig(to), Claim.UNCLAIMED, List.of(steps));
    }

    static Mutants.Mutant only(Plan p, Mutants.Kind kind) {
        List<Mutants.Mutant> ms = Mutants.of(p).stream().filter(m -> m.kind() == kind).toList();
        assertEquals(1, ms.size(), kind + " of " + p.steps());
        return ms.get(0);
    }

    @Test
    void theMissingLeadingBarrierOf2026IsKilledUnderBarrierOrderedOnly() {
        // 6fabce53f6b9: used-bits-64 on an STE whose only change is S2TTB. The plan's first store is the critical
        // one and carries the new pointer; only the leading dma_wmb orders the stage-2 table's initialisation before
        // it. Dropping it (or making it an smp_wmb) lets the SMMU see the new S2TTB before the table: UNINIT.
        Plan p = UsedBits.qwords().plan(STE, STE.parseConfig("s2-vmid1"), STE.parseConfig("s2-vmid1-ttb-b"));
        assertEquals(List.of(DMA_WMB, new Step.Store64(3, STE.parseConfig("s2-vmid1-ttb-b").qword(3)), CheckerTest.SYNC), p.steps());
        for (Mutants.Kind k : List.of(Mutants.Kind.DROP_BARRIER, Mutants.Kind.BARRIER_KIND)) {
            Mutants.Mutant m = only(p, k);
            // the structural facts: the new pointer is no longer ordered after the table initialisation
            assertFalse(Mutants.Structure.of(m.plan(), Visibility.BARRIER_ORDERED).uninitFree(), k.label());
            assertTrue(Mutants.Structure.of(p, Visibility.BARRIER_ORDERED).uninitFree());
            assertTrue(Mutants.equivalence(m, p, STE_BARRIER).isEmpty(), "no reason to call it harmless: " + k.label());
            assertEquals(Mutants.BARRIER_IN_ORDER, Mutants.equivalence(m, p, STE_IN_ORDER).orElseThrow(), k.label());
            // the checker's judgement: killed under barrier-ordered (UNINIT), not under in-order
            Mutants.Judged j = Mutants.judge(m, Checker.check(p, STE_BARRIER));
            assertTrue(j.flagged(), k.label() + ": " + j.result().verdict());
            assertEquals(Verdict.UNINIT, j.result().verdict(), k.label());
            assertFalse(Mutants.judge(m, Checker.check(p, STE_IN_ORDER)).flagged(), k.label());
        }
    }

    @Test
    void aLeadingBarrierThatOrdersOnlyTheTableInitialisationBeforeANonPointerStoreIsExplained() {
        // s2-vmid1 -> s2-vmid1-ttb-b, the S2TTB store after a sync: the leading barrier orders the table
        // initialisation before the stores ahead of that sync, which write no pointer; the S2TTB store is ordered
        // after the initialisation by the sync anyway.
        Entry to = STE.parseConfig("s2-vmid1-ttb-b");
        // the only store before the first sync is a no-op (q7 is zero): the same structure
        Plan p = ste("s2-vmid1", "s2-vmid1-ttb-b", DMA_WMB, new Step.Store64(7, 0), CheckerTest.SYNC,
                new Step.Store64(3, to.qword(3)), CheckerTest.SYNC);
        assertEquals(Mutants.SAME_STRUCTURE, Mutants.equivalence(only(p, Mutants.Kind.DROP_BARRIER), p, STE_BARRIER).orElseThrow());
        // a store that changes the entry between the barrier and the sync, writing no pointer (q7: unused bits)
        Plan q = ste("s2-vmid1", "s2-vmid1-ttb-b", DMA_WMB, new Step.Store64(7, 0x5), CheckerTest.SYNC,
                new Step.Store64(7, 0), new Step.Store64(3, to.qword(3)), CheckerTest.SYNC);
        Mutants.Mutant mq = only(q, Mutants.Kind.DROP_BARRIER);
        assertEquals(Mutants.INIT_ONLY, Mutants.equivalence(mq, q, STE_BARRIER).orElseThrow());
        assertFalse(Mutants.judge(mq, Checker.check(q, STE_BARRIER)).flagged(), "the checker agrees: nothing the device sees changes");
    }

    @Test
    void aBarrierOrSmpWmbRightBeforeASyncOrdersNothingMore() {
        Entry to = STE.parseConfig("s2-vmid2");
        Plan p = ste("s2-vmid1", "s2-vmid2", new Step.Store64(2, to.qword(2)), DMA_WMB, CheckerTest.SYNC);
        assertEquals(Mutants.BARRIER_BEFORE_ORDERING_POINT, Mutants.equivalence(only(p, Mutants.Kind.DROP_BARRIER), p, STE_BARRIER).orElseThrow());
        assertEquals(Mutants.SMP_WMB_BEFORE_ORDERING_POINT, Mutants.equivalence(only(p, Mutants.Kind.BARRIER_KIND), p, STE_BARRIER).orElseThrow());
        // right after a sync: the sync already ordered everything before it
        Plan q = ste("s2-vmid1", "s2-vmid2", CheckerTest.SYNC, DMA_WMB, new Step.Store64(2, to.qword(2)), CheckerTest.SYNC);
        assertEquals(Mutants.BARRIER_AFTER_ORDERING_POINT, Mutants.equivalence(only(q, Mutants.Kind.DROP_BARRIER), q, STE_BARRIER).orElseThrow());
    }

    @Test
    void aBarrierBetweenStoresToDifferentQwordsMattersUnderBarrierOrderedOnly() {
        // VT-d's clear-then-update from not-present: the set-up stores (q0 without P, q1 with the DID), dma_wmb,
        // then q0 with P. Without the barrier, the q1 store may reach the device after P is set.
        Plan p = dev.hitless.ordering.Orderings.byName("clear-then-update").plan(VTD, VTD.parseConfig("not-present"),
                VTD.parseConfig("sl-did7-a"));
        ReaderModel barrier = STRICT.withVisibility(Visibility.BARRIER_ORDERED);
        Mutants.Mutant m = only(p, Mutants.Kind.DROP_BARRIER);
        assertFalse(Mutants.Structure.of(p, Visibility.BARRIER_ORDERED).equals(Mutants.Structure.of(m.plan(), Visibility.BARRIER_ORDERED)));
        assertEquals(Mutants.Structure.of(p, Visibility.IN_ORDER), Mutants.Structure.of(m.plan(), Visibility.IN_ORDER));
        assertTrue(Mutants.judge(m, Checker.check(p, barrier)).flagged(), "killed under barrier-ordered");
        assertFalse(Mutants.judge(m, Checker.check(p, STRICT)).flagged(), "not under in-order");
    }

    @Test
    void aSwapOfTwoStoresInOneBarrierOrderedSegmentChangesNothing() {
        // Two stores to different qwords with no ordering point between them: under barrier-ordered either may
        // reach the device first whatever their program order, so swapping them changes nothing it can see.
        Entry to = STE.parseConfig("s2-vmid2");
        Plan p = ste("s2-vmid1", "s2-vmid2", DMA_WMB, new Step.Store64(2, to.qword(2)), new Step.Store64(7, 0x1),
                DMA_WMB, new Step.Store64(7, 0), CheckerTest.SYNC);
        Mutants.Mutant swap = Mutants.of(p).stream().filter(m -> m.kind() == Mutants.Kind.SWAP && m.step() == 1).findFirst().orElseThrow();
        assertEquals(Mutants.SWAP_IN_SEGMENT, Mutants.equivalence(swap, p, STE_BARRIER).orElseThrow());
        assertEquals(Checker.observations(p, STE_BARRIER), Checker.observations(swap.plan(), STE_BARRIER));
        // under in-order the device sees their order: no structural equality (the any-order reader's chunk
        // argument may still apply)
        assertFalse(Mutants.Structure.of(p, Visibility.IN_ORDER).equals(Mutants.Structure.of(swap.plan(), Visibility.IN_ORDER)));
        // two stores to one qword keep their order under any visibility: swapping them is a different plan
        Plan same = ste("s2-vmid1", "s2-vmid2", new Step.Store64(7, 0x1), new Step.Store64(7, 0x2), new Step.Store64(7, 0), CheckerTest.SYNC);
        Mutants.Mutant s2 = Mutants.of(same).stream().filter(m -> m.kind() == Mutants.Kind.SWAP && m.step() == 0).findFirst().orElseThrow();
        assertFalse(Mutants.Structure.of(same, Visibility.BARRIER_ORDERED).equals(Mutants.Structure.of(s2.plan(), Visibility.BARRIER_ORDERED)));
    }

    @Test
    void mutantsOfEqualStructureHaveTheSameObservations() {
        // The structural reasons' premise, cross-checked with the checker on every mutant of every built-in plan
        // (strict reader: the other presets see a subset of the same states): equal structure under a visibility
        // => the same set of observable entries.
        int equal = 0;
        for (EntryFormat f : Formats.all()) {
            for (var o : dev.hitless.ordering.Orderings.builtIns()) {
                if (!o.appliesTo(f) || !Matrix.fits(o, f)) continue;
                for (var a : f.catalogue()) {
                    for (var b : f.catalogue()) {
                        if (a == b) continue;
                        Plan p = o.plan(f, a.entry(), b.entry());
                        for (Visibility v : Visibility.values()) {
                            Mutants.Structure sp = Mutants.Structure.of(p, v);
                            ReaderModel model = ReaderModel.preset("strict", f, v);
                            Set<Entry> seen = null;
                            for (Mutants.Mutant m : Mutants.of(p)) {
                                if (!sp.equals(Mutants.Structure.of(m.plan(), v))) continue;
                                equal++;
                                if (seen == null) seen = Checker.observations(p, model);
                                assertEquals(seen, Checker.observations(m.plan(), model), f.name() + " " + o.name() + " "
                                        + a.name() + " -> " + b.name() + " " + v.label() + ": " + m.description());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(equal > 1000, "cases: " + equal);
    }

    @Test
    void theKillRateTableHasEveryOperatorUnderEveryVisibility() {
        MutantReport r = MutantReport.run(List.of(Formats.cd()), "strict", List.of(Visibility.values()));
        for (Visibility v : Visibility.values()) {
            int killed = 0, total = 0;
            for (Mutants.Kind k : Mutants.Kind.values()) {
                int[] t = r.killRate(k, v);
                assertTrue(t[0] <= t[1]);
                killed += t[0];
                total += t[1];
            }
            assertTrue(total > 0 && killed > 0, v.label());
            assertTrue(r.text().contains("  " + v.label()), r.text());
        }
        // in-order: a barrier never matters for WRITE_ONCE stores
        assertEquals(0, r.killRate(Mutants.Kind.DROP_BARRIER, Visibility.IN_ORDER)[0]);
        assertEquals(0, r.killRate(Mutants.Kind.BARRIER_KIND, Visibility.IN_ORDER)[0]);
        assertTrue(r.text().contains("barrier-kind"), r.text());
        for (MutantReport.Row row : r.rows()) assertTrue(row.unexplained.isEmpty(), row.ordering + " " + row.visibility + ": " + row.unexplained);
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
        // under barrier-ordered the two stores of one segment are unordered for the device: the same structure
        assertEquals(Mutants.SAME_STRUCTURE, Mutants.equivalence(p, q, STRICT.withVisibility(Visibility.BARRIER_ORDERED)).orElseThrow());
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
                for (int q = 0; q < f.qwords(); q++) {
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
