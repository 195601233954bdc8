package dev.hitless.ordering;

import dev.hitless.check.Checker;
import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
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
 * The orderings that differ from the shipped used-bits ones by a parameter, by plan shape alone (no verdict): the
 * shipped {@code used-bits-64} without its leading barrier (before 6fabce53f6b9), and the generic
 * {@code entry_sync} template as published (no leading barrier, no update-safe bits). Each is the same algorithm, so
 * each plan is the shipped one's minus exactly what the parameter removes.
 */
class EntrySyncTest {
    private static final Ordering USED_BITS_64 = Orderings.byName("used-bits-64");
    private static final Ordering USED_BITS_128 = Orderings.byName("used-bits-128");
    private static final Ordering NO_BARRIER = Orderings.byName("used-bits-64-no-wmb");
    private static final Ordering ENTRY_SYNC_64 = Orderings.byName("entry-sync-64");
    private static final Ordering ENTRY_SYNC_128 = Orderings.byName("entry-sync-128");

    /** The stage-2-only STE and the nested STE with S1DSS=bypass: the pair whose MEV difference made MEV update safe. */
    private static final EntryFormat STE = Formats.ste();
    private static final Entry S2 = STE.parseConfig("ste-s2:vmid=3,s2ttb=0x80000");
    private static final Entry NESTED_S1DSS_BYPASS = STE.parseConfig("ste-nested:cdtab=0x60000,s1cdmax=8,s1dss=bypass,vmid=3,s2ttb=0x80000");

    private static List<Step> withoutBarriers(List<Step> steps) {
        return steps.stream().filter(s -> !(s instanceof Step.Barrier)).toList();
    }

    @Test
    void theNewOrderingsAreBuiltInsWithTheirQuantaAndOnlyTheMissingBarrierIsKnownBad() {
        assertTrue(Orderings.builtIns().stream().map(Ordering::name).toList()
                .containsAll(List.of("used-bits-64-no-wmb", "entry-sync-64", "entry-sync-128")));
        assertTrue(NO_BARRIER.knownBad());
        assertFalse(ENTRY_SYNC_64.knownBad(), "what upstream ships for VT-d");
        assertFalse(ENTRY_SYNC_128.knownBad(), "what upstream ships for VT-d");
        assertEquals(List.of(64, 64, 128), List.of(NO_BARRIER.quantumBits(), ENTRY_SYNC_64.quantumBits(), ENTRY_SYNC_128.quantumBits()));
        assertTrue(NO_BARRIER.description().contains("6fabce53f6b9"), NO_BARRIER.description());
        for (Ordering o : List.of(ENTRY_SYNC_64, ENTRY_SYNC_128)) {
            assertTrue(o.description().contains("02374d8f") && o.description().contains("03399daf"), o.description());
        }
    }

    /** On every catalogue transition of every format: the shipped plan minus its one leading barrier, same claim. */
    @Test
    void withoutTheLeadingBarrierEveryPlanIsTheShippedOneMinusItsBarrier() {
        int lost = 0;
        for (EntryFormat f : Formats.all()) {
            for (NamedConfig a : f.catalogue()) {
                for (NamedConfig b : f.catalogue()) {
                    Plan shipped = USED_BITS_64.plan(f, a.entry(), b.entry()), bare = NO_BARRIER.plan(f, a.entry(), b.entry());
                    assertEquals(withoutBarriers(shipped.steps()), bare.steps(), f.name() + " " + a.name() + " -> " + b.name());
                    assertEquals(shipped.claim(), bare.claim());
                    if (shipped.steps().size() != bare.steps().size()) {
                        lost++;
                        assertTrue(shipped.steps().getFirst() instanceof Step.Barrier, "the one barrier is the first step");
                        assertEquals(1, shipped.steps().size() - bare.steps().size());
                    }
                }
            }
        }
        assertTrue(lost > 0);
    }

    /**
     * entry-sync has no leading barrier anywhere, and where no update-safe bit applies to a transition its plan is
     * the shipped used-bits plan of its quantum minus that barrier. Update-safe bits exist only on the STE (MEV, and
     * EATS=TRANS without S1CHK or S2S), so on VT-d and the CD the two differ by the barrier alone.
     */
    @Test
    void entrySyncIsUsedBitsWithoutTheBarrierWhereNoUpdateSafeBitApplies() {
        int compared = 0, safe = 0;
        for (EntryFormat f : Formats.all()) {
            for (NamedConfig a : f.catalogue()) {
                for (NamedConfig b : f.catalogue()) {
                    boolean noSafeBits = f.transitionSafeBits(a.entry(), b.entry()).equals(Entry.zero(8));
                    for (Ordering[] pair : new Ordering[][]{{USED_BITS_64, ENTRY_SYNC_64}, {USED_BITS_128, ENTRY_SYNC_128}}) {
                        Plan shipped = pair[0].plan(f, a.entry(), b.entry()), generic = pair[1].plan(f, a.entry(), b.entry());
                        assertTrue(generic.steps().stream().noneMatch(s -> s instanceof Step.Barrier), "no barrier: " + generic);
                        assertTrue(generic.reachesTarget());
                        if (noSafeBits) {
                            assertEquals(withoutBarriers(shipped.steps()), generic.steps(), pair[1].name() + " " + a.name() + " -> " + b.name());
                            compared++;
                        } else {
                            safe++;
                        }
                    }
                }
            }
        }
        assertTrue(compared > 0 && safe > 0, compared + " compared, " + safe + " with update-safe bits");
    }

    /**
     * Without update-safe bits the stage-2-only STE and the nested STE with S1DSS=bypass (same VMID and S2TTB) are no
     * longer one critical qword apart: MEV (qword 1) differs and is used by both, so entry-sync-64 takes the breaking
     * path (V = 0, sync, ...) both ways where used-bits-64 switches hitlessly. The checker agrees on both verdicts.
     */
    @Test
    void withoutUpdateSafeBitsTheNestedS1dssBypassPairTurnsBreaking() {
        ReaderModel strict = ReaderModel.strict(STE);
        for (Entry[] t : new Entry[][]{{S2, NESTED_S1DSS_BYPASS}, {NESTED_S1DSS_BYPASS, S2}}) {
            Plan shipped = USED_BITS_64.plan(STE, t[0], t[1]), generic = ENTRY_SYNC_64.plan(STE, t[0], t[1]);
            assertEquals(Claim.HITLESS, shipped.claim());
            assertEquals(Claim.BREAKING, generic.claim());
            assertEquals(new Step.Store64(0, 0), generic.steps().getFirst(), "qword 0 := 0 (V = 0) first");
            assertEquals(Verdict.HITLESS, Checker.check(shipped, strict).verdict(), shipped.toString());
            assertEquals(Verdict.BREAKING, Checker.check(generic, strict).verdict(), generic.toString());
        }
    }

    /**
     * In the STE catalogue the update-safe bits decide the path on exactly one pair, both ways: s1-ats and
     * s1-cdtab-b (EATS=TRANS is update safe there). docs/visibility.md lists these.
     */
    @Test
    void inTheSteCatalogueOnlyTheAtsPairLosesItsHitlessPath() {
        List<String> lost = new ArrayList<>();
        for (NamedConfig a : STE.catalogue()) {
            for (NamedConfig b : STE.catalogue()) {
                Claim shipped = USED_BITS_64.plan(STE, a.entry(), b.entry()).claim(), generic = ENTRY_SYNC_64.plan(STE, a.entry(), b.entry()).claim();
                if (shipped != generic) {
                    assertEquals(List.of(Claim.HITLESS, Claim.BREAKING), List.of(shipped, generic), a.name() + " -> " + b.name());
                    lost.add(a.name() + " -> " + b.name());
                }
            }
        }
        assertEquals(List.of("s1-ats -> s1-cdtab-b", "s1-cdtab-b -> s1-ats"), lost);
    }
}
