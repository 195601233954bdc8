package dev.hitless.ordering;

import dev.hitless.check.Checker;
import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.planlang.PlanFile;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the barriers buy, judged by the checker under each visibility: the findings of docs/visibility.md. These
 * tests need the checker that explores barrier-ordered visibility and the table initialisation (UNINIT); the
 * expected sets are computed from the plans' shapes ({@link NewTables}), never from the checker.
 */
class BarrierFindingsTest {
    private static final Ordering USED_BITS_64 = Orderings.byName("used-bits-64");
    private static final Ordering NO_BARRIER = Orderings.byName("used-bits-64-no-wmb");
    private static final Ordering ENTRY_SYNC_64 = Orderings.byName("entry-sync-64");
    private static final Ordering USED_BITS_128 = Orderings.byName("used-bits-128");
    private static final Ordering ENTRY_SYNC_128 = Orderings.byName("entry-sync-128");
    private static final List<EntryFormat> SMMU = List.of(Formats.ste(), Formats.byName("smmu-cd"));

    /** Verdict per {@code FROM -> TO} over the catalogue's ordered pairs of distinct configurations. */
    private static Map<String, Verdict> verdicts(Ordering o, EntryFormat f, ReaderModel m) {
        Map<String, Verdict> out = new TreeMap<>();
        for (NamedConfig a : f.catalogue()) {
            for (NamedConfig b : f.catalogue()) {
                if (a != b) out.put(a.name() + " -> " + b.name(), Checker.check(o.plan(f, a.entry(), b.entry()), m).verdict());
            }
        }
        return out;
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    /** The transitions with that verdict, sorted. */
    private static List<String> with(Map<String, Verdict> v, Verdict verdict) {
        return v.entrySet().stream().filter(e -> e.getValue() == verdict).map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * 6fabce53f6b9. Under barrier-ordered visibility (the SMMUv3 default) the shipped used-bits-64 is never UNINIT or
     * TORN on any SMMU transition; without its leading dma_wmb it is UNINIT on exactly the transitions whose first
     * store segment publishes a new table, and each of those is a hitless path whose first store is the critical
     * one (the ignored bits had nothing to write, so no sync came first). Elsewhere the two agree.
     */
    @Test
    void theMissingLeadingBarrierIsUninitExactlyWhereTheFirstStorePublishesANewTable() {
        int flagged = 0;
        for (EntryFormat f : SMMU) {
            ReaderModel strict = ReaderModel.strict(f);
            assertEquals(Visibility.BARRIER_ORDERED, strict.visibility());
            Map<String, Verdict> shipped = verdicts(USED_BITS_64, f, strict), bare = verdicts(NO_BARRIER, f, strict);
            assertTrue(shipped.values().stream().noneMatch(v -> v.worseThan(Verdict.BREAKING)), f.name() + " used-bits-64: " + shipped);
            List<String> expected = sorted(NewTables.transitions(NO_BARRIER, f));
            assertEquals(expected, with(bare, Verdict.UNINIT), f.name());
            for (String t : expected) {
                String[] ab = t.split(" -> ");
                Plan p = NO_BARRIER.plan(f, f.parseConfig(ab[0]), f.parseConfig(ab[1]));
                var a = UsedBits.analyse(f, p.current(), p.target(), 64);
                assertEquals(1, a.critical().size(), t + " takes the hitless path");
                assertEquals(new Step.Store64(a.critical().getFirst(), p.target().qword(a.critical().getFirst())), p.steps().getFirst(),
                        t + ": the first store is the critical one");
            }
            for (String t : shipped.keySet()) if (!expected.contains(t)) assertEquals(shipped.get(t), bare.get(t), f.name() + " " + t);
            flagged += expected.size();
        }
        assertEquals(List.of("s1-cdtab-b -> s1-ssid0", "s1-ssid0 -> s1-cdtab-b", "s2-vmid1 -> s2-vmid1-ttb-b", "s2-vmid1-ttb-b -> s2-vmid1"),
                sorted(NewTables.transitions(NO_BARRIER, Formats.ste())), "the list docs/visibility.md gives");
        assertTrue(flagged > 0);
    }

    /**
     * The published entry_sync template on SMMUv3, if ARM's STE/CD writer moved onto it unchanged: UNINIT exactly
     * where its first segment publishes a new table (the 6fabce53f6b9 bug back), never TORN.
     */
    @Test
    void entrySyncOnSmmuBringsTheMissingBarrierBack() {
        for (EntryFormat f : SMMU) {
            Map<String, Verdict> v = verdicts(ENTRY_SYNC_64, f, ReaderModel.strict(f));
            assertEquals(sorted(NewTables.transitions(ENTRY_SYNC_64, f)), with(v, Verdict.UNINIT), f.name());
            assertEquals(List.of(), with(v, Verdict.TORN), f.name());
        }
        assertFalse(NewTables.transitions(ENTRY_SYNC_64, Formats.ste()).isEmpty());
    }

    /**
     * On VT-d under its in-order (x86) visibility the template's missing barrier is harmless: entry-sync-128 has the
     * verdicts of used-bits-128 (which adds the barrier) on every transition under every preset. VT-d has no update-
     * safe bits, so the barrier is the only difference. Under barrier-ordered visibility the same plans would be
     * UNINIT where their first segment publishes a new table: harmless because of x86, not by construction.
     */
    @Test
    void entrySyncOnVtdIsHarmlessInOrderOnly() {
        EntryFormat vtd = Formats.vtd();
        for (String preset : ReaderModel.PRESETS) {
            ReaderModel m = ReaderModel.preset(preset, vtd);
            assertEquals(Visibility.IN_ORDER, m.visibility());
            assertEquals(verdicts(USED_BITS_128, vtd, m), verdicts(ENTRY_SYNC_128, vtd, m), preset);
        }
        ReaderModel armLike = ReaderModel.preset("strict", vtd, Visibility.BARRIER_ORDERED);
        List<String> expected = sorted(NewTables.transitions(ENTRY_SYNC_128, vtd));
        assertFalse(expected.isEmpty());
        assertEquals(expected, with(verdicts(ENTRY_SYNC_128, vtd, armLike), Verdict.UNINIT));
    }

    /**
     * An smp_wmb where a dma_wmb is needed (a test plan: used-bits-64 with {@code barrier smp_wmb before next store})
     * orders the table writes for other CPUs only: under barrier-ordered visibility it is the missing barrier (UNINIT
     * where that is), under in-order visibility it is as good as the dma_wmb.
     */
    @Test
    void anSmpWmbWhereADmaWmbIsNeededIsFlaggedUnderBarrierOrderedOnly() throws Exception {
        Ordering smp = PlanFile.load(Path.of(BarrierFindingsTest.class.getResource("/plans/smp-wmb-leading-barrier.plan").toURI()));
        EntryFormat ste = Formats.ste();
        ReaderModel barrierOrdered = ReaderModel.strict(ste), inOrder = barrierOrdered.withVisibility(Visibility.IN_ORDER);
        List<String> expected = sorted(NewTables.transitions(NO_BARRIER, ste));
        assertFalse(expected.isEmpty());
        assertEquals(expected, with(verdicts(smp, ste, barrierOrdered), Verdict.UNINIT));
        Map<String, Verdict> clean = verdicts(smp, ste, inOrder);
        assertEquals(verdicts(USED_BITS_64, ste, inOrder), clean);
        assertTrue(clean.values().stream().noneMatch(v -> v.worseThan(Verdict.BREAKING)), clean.toString());
    }

    /**
     * VT-d clear-then-update: does its dma_wmb() before setting P (75ed00055c05) matter? Dropped, under each visibility,
     * with the ascending reader (under which the ordering is otherwise never torn; the strict reader tears it anyway,
     * README "What the matrix says").
     *
     * <p>In-order (x86, VT-d's hardware): no. WRITE_ONCE stores reach the IOMMU in program order, and on x86 dma_wmb()
     * is a compiler barrier only, which WRITE_ONCE already is; the verdicts with and without it are the same on every
     * transition. Barrier-ordered (the same code on ARM-like hardware): yes. The body stores (P = 0) and the P store
     * are then one window with no ordering point between them, so the IOMMU may see P = 1 with new qword 0 beside
     * body qwords not yet written: TORN, or UNINIT where the new table's initialisation is not visible either. So the
     * barrier is what the code needs on weakly ordered hardware; on x86 it documents intent.
     */
    @Test
    void clearThenUpdateBarrierBeforePMattersOnlyUnderBarrierOrdered() {
        EntryFormat vtd = Formats.vtd();
        Ordering ctu = Orderings.byName("clear-then-update");
        List<String> worse = new ArrayList<>();
        for (NamedConfig a : vtd.catalogue()) {
            for (NamedConfig b : vtd.catalogue()) {
                Plan with = ctu.plan(vtd, a.entry(), b.entry());
                Plan without = withoutBarrierBeforeP(with);
                for (Visibility v : Visibility.values()) {
                    ReaderModel m = ReaderModel.preset("ascending", vtd, v);
                    Verdict vw = Checker.check(with, m).verdict(), vo = Checker.check(without, m).verdict();
                    assertFalse(vw.worseThan(Verdict.BREAKING), a.name() + " -> " + b.name() + " " + v.label() + " with the barrier: " + vw);
                    if (v == Visibility.IN_ORDER) assertEquals(vw, vo, a.name() + " -> " + b.name() + ": in-order, the barrier changes nothing");
                    else if (vo != vw) {
                        assertTrue(vo.worseThan(Verdict.BREAKING), vo.toString());
                        assertTrue(vtd.isPresent(b.entry()), "only a plan that sets P can get worse");
                        worse.add(a.name() + " -> " + b.name());
                    }
                }
            }
        }
        assertTrue(worse.contains("fl-did5-a -> fl-did6-b"), worse.toString());
        assertTrue(worse.contains("not-present -> fl-did5-a"), worse.toString());
    }

    /** The plan without its last barrier (the set-up's dma_wmb before the P store); a plan with none is returned as is. */
    private static Plan withoutBarrierBeforeP(Plan p) {
        List<Step> steps = new ArrayList<>(p.steps());
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof Step.Barrier) {
                steps.remove(i);
                break;
            }
        }
        return new Plan(p.ordering() + "-no-set-up-barrier", p.format(), p.current(), p.target(), p.claim(), steps);
    }
}
