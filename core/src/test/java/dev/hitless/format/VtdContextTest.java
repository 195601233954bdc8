package dev.hitless.format;

import dev.hitless.check.Checker;
import dev.hitless.check.CheckResult;
import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VT-d context entry, both table modes: the layout against the kernel's helpers (drivers/iommu/intel/iommu.h:
 * {@code context_set_present} lo bit 0, {@code context_set_fault_enable} clears lo bit 1, {@code context_set_sm_dte}
 * lo bit 2, {@code CONTEXT_PASIDE} lo bit 3, {@code context_set_sm_pre} lo bit 4, {@code context_pdts} lo bits 11:9,
 * the PASID directory / address root at lo 63:12, {@code context_set_sm_rid2pasid} hi 19:0; legacy
 * {@code context_set_translation_type} lo 3:2, {@code context_set_address_width} hi 2:0, {@code context_set_domain_id}
 * hi 23:8), written out as raw qwords (not computed by the code under test); the used bits; the catalogue; the two
 * orderings' plans and what the checker finds in them.
 */
class VtdContextTest {
    private final VtdContext sm = Formats.vtdContext();
    private final VtdContext legacy = Formats.vtdContextLegacy();

    private static Entry q(long lo, long hi) {
        return Entry.of(new long[]{lo, hi});
    }

    @Test
    void twoQwordsOneValidBitTwoModes() {
        for (VtdContext f : List.of(sm, legacy)) {
            assertEquals(2, f.qwords());
            assertEquals(VtdContext.P, f.validBit());
            assertEquals(128, f.defaultChunkBits());
            assertEquals(List.of(64), f.whatIfChunkBits());
            assertEquals(Platform.X86, f.platform());
            assertEquals(Visibility.IN_ORDER, Visibility.defaultFor(f));
        }
        assertEquals(VtdContext.Mode.SCALABLE, sm.mode());
        assertEquals(VtdContext.Mode.LEGACY, legacy.mode());
        assertEquals("vtd-context", sm.name());
        assertEquals("vtd-context-legacy", legacy.name());
    }

    @Test
    void scalableLayoutIsTheKernels() {
        // context_entry_set_pasid_table: lo = table | context_pdts(pds); rid2pasid 0; DTE, PASIDE, PRE; FPD 0; P
        assertEquals(q(0x100000L | 1 << 3 | 1, 0), sm.parseConfig("ctx-sm:pasiddir=0x100000"));
        assertEquals(q(0x200000L | 3L << 9 | 1 << 4 | 1 << 3 | 1 << 2 | 1, 0),
                sm.parseConfig("ctx-sm:pasiddir=0x200000,pdts=3,dte=1,pre=1"));
        assertEquals(q(0x100001L, 0x12345L), sm.parseConfig("ctx-sm:pasiddir=0x100000,paside=0,rid_pasid=0x12345"));
        assertEquals(q(0, 0), sm.parseConfig("ctx-clear"));
        assertEquals(List.of(VtdContext.PASIDDIRPTR), sm.pointerFields());
    }

    @Test
    void legacyLayoutIsTheKernels() {
        // domain_context_mapping_one: DID hi 23:8, root lo 63:12, AW hi 2:0, TT lo 3:2, FPD 0, P
        assertEquals(q(0x100001L, 2L << 8 | 2), legacy.parseConfig("ctx-legacy:did=2,root=0x100000"));
        assertEquals(q(0x300000L | 1 << 2 | 1, 0x1234L << 8 | 3), legacy.parseConfig("ctx-legacy:did=0x1234,root=0x300000,aw=3,ats=1"));
        // context_setup_pass_through: DID FLPT_DEFAULT_DID, AW, TT=PASS_THROUGH, no root
        assertEquals(q(2L << 2 | 1, 1L << 8 | 2), legacy.parseConfig("ctx-pt"));
        assertEquals(List.of(VtdContext.SLPTPTR), legacy.pointerFields());
    }

    @Test
    void usedBits() {
        for (VtdContext f : List.of(sm, legacy)) {
            assertEquals(q(1, 0), f.usedBits(f.zero()), f.name() + ": P=0 uses P alone");
            assertEquals(q(1, 0), f.usedBits(q(0xffff_ffff_ffff_fffeL, -1L)), f.name() + ": P=0 uses P alone, whatever else is set");
        }
        // scalable, P=1: P FPD DTE PASIDE PRE PDTS PASIDDIRPTR | RID_PASID RID_PRIV
        Entry smUsed = q(0xffff_ffff_ffff_f000L | 7L << 9 | 0x1f, 0x1fffff);
        for (NamedConfig c : sm.catalogue()) {
            assertEquals(sm.isPresent(c.entry()) ? smUsed : q(1, 0), sm.usedBits(c.entry()), c.name());
        }
        // legacy, P=1, TT 0/1: P FPD TT SLPTPTR | AW DID; TT 2: no SLPTPTR; TT 3 reserved: everything
        Entry walk = q(0xffff_ffff_ffff_f000L | 0xf, 0xffff00L | 7);
        assertEquals(walk, legacy.usedBits(legacy.parseConfig("sl-a")));
        assertEquals(walk, legacy.usedBits(legacy.parseConfig("sl-ats")));
        assertEquals(q(0xf, 0xffff00L | 7), legacy.usedBits(legacy.parseConfig("pt")));
        assertEquals(legacy.ones(), legacy.usedBits(q(3L << 2 | 1, 0)));
        assertEquals(q(1, 0), sm.usedBitsDependOn());
        assertEquals(q(0xd, 0), legacy.usedBitsDependOn());
    }

    @Test
    void cacheTagIsTheLegacyDidAndNoneInScalableMode() {
        assertEquals(Optional.empty(), sm.cacheTagField());
        assertEquals(Optional.empty(), sm.cacheTag(sm.parseConfig("table-a")));
        assertEquals(Optional.of(VtdContext.DID), legacy.cacheTagField());
        assertEquals(Optional.of(3L), legacy.cacheTag(legacy.parseConfig("sl-did3")));
        assertEquals(Optional.empty(), legacy.cacheTag(legacy.zero()), "a non-present entry uses no DID");
    }

    @Test
    void catalogue() {
        assertEquals(List.of("cleared", "table-a", "table-b", "table-a-ats", "no-pasid"),
                sm.catalogue().stream().map(NamedConfig::name).toList());
        assertEquals(List.of("cleared", "sl-a", "sl-b", "sl-did3", "sl-ats", "pt"),
                legacy.catalogue().stream().map(NamedConfig::name).toList());
        for (VtdContext f : List.of(sm, legacy)) {
            assertEquals(f.zero(), f.catalogue().get(0).entry());
            assertEquals(f.catalogue().size(), f.catalogue().stream().map(NamedConfig::entry).distinct().count(), f.name());
            for (NamedConfig c : f.catalogue().subList(1, f.catalogue().size())) assertTrue(f.isPresent(c.entry()), c.name());
        }
        // the driver's scalable-mode hi is RID_PASID = IOMMU_NO_PASID = 0 in every entry; legacy hi carries AW and DID
        for (NamedConfig c : sm.catalogue()) assertEquals(0, c.entry().qword(1), c.name());
        for (NamedConfig c : legacy.catalogue().subList(1, legacy.catalogue().size())) assertNotEquals(0, c.entry().qword(1), c.name());
        assertEquals(0, VtdContext.PDTS.get(sm.parseConfig("table-a")));
        assertEquals(3, VtdContext.PDTS.get(sm.parseConfig("table-b")));
    }

    @Test
    void orderingsApplyToTheContextEntryOnly() {
        for (String name : List.of("vtd-context-2026", "vtd-context-pre-2026")) {
            Ordering o = Orderings.byName(name);
            for (EntryFormat f : Formats.all()) assertEquals(f instanceof VtdContext, o.appliesTo(f), name + " on " + f.name());
        }
        assertFalse(Orderings.byName("vtd-context-2026").knownBad());
        assertTrue(Orderings.byName("vtd-context-pre-2026").knownBad());
    }

    /** Teardown: P cleared alone by a WRITE_ONCE of lo, dma_wmb, sync; the rest while P=0; P set last behind a barrier. */
    @Test
    void the2026PlanClearsPFirstAloneAndSetsItLastBehindABarrier() {
        Ordering o = Orderings.byName("vtd-context-2026");
        for (VtdContext f : List.of(sm, legacy)) {
            Entry a = f.catalogue().get(1).entry(), b = f.catalogue().get(3).entry();
            Plan p = o.plan(f, a, b);
            assertEquals(Claim.BREAKING, p.claim());
            List<Step> s = p.steps();
            assertEquals(new Step.Store64(0, VtdContext.P.set(a, 0).qword(0)), s.get(0), "P cleared alone, WRITE_ONCE of lo");
            assertEquals(new Step.Barrier(BarrierKind.DMA_WMB), s.get(1));
            assertEquals(Step.Sync.of(SyncKind.ENTRY, SyncKind.IOTLB, SyncKind.DEVTLB), s.get(2));
            int last = s.size() - 1;
            assertEquals(Step.Sync.of(SyncKind.ENTRY, SyncKind.IOTLB), s.get(last));
            assertEquals(new Step.Store64(0, b.qword(0)), s.get(last - 1), "P set last, by a WRITE_ONCE of lo");
            assertEquals(new Step.Barrier(BarrierKind.DMA_WMB), s.get(last - 2), "behind a dma_wmb");
            Entry mem = a;
            for (int i = 0; i < last - 1; i++) {
                mem = s.get(i).applyTo(mem);
                if (i >= 1) assertFalse(f.isPresent(mem), "not present between the teardown and the final store: step " + (i + 1));
            }
            assertTrue(p.reachesTarget());
            assertEquals(Claim.HITLESS, o.plan(f, f.zero(), b).claim());
            assertEquals(Claim.BREAKING, o.plan(f, a, f.zero()).claim());
            assertEquals(Claim.NO_CHANGE, o.plan(f, a, a).claim());
            assertEquals(List.of(), o.plan(f, a, a).steps());
        }
    }

    /** The fixed ordering is never torn under the context entry's own readers, in either mode. */
    @Test
    void the2026OrderingIsNeverTorn() {
        Ordering o = Orderings.byName("vtd-context-2026");
        for (VtdContext f : List.of(sm, legacy)) {
            for (String preset : List.of("strict", "sticky")) {
                for (Visibility v : Visibility.values()) {
                    ReaderModel m = ReaderModel.preset(preset, f, v);
                    for (NamedConfig a : f.catalogue()) {
                        for (NamedConfig b : f.catalogue()) {
                            CheckResult r = Checker.check(o.plan(f, a.entry(), b.entry()), m);
                            assertFalse(r.verdict().worseThan(Verdict.BREAKING), f.name() + " " + a.name() + " -> " + b.name()
                                    + " " + m.label() + ": " + r.verdict());
                            assertTrue(r.settled(), a.name() + " -> " + b.name() + ": nothing the hardware reads changes after the last sync");
                        }
                    }
                }
            }
        }
    }

    /**
     * The pre-2026 ordering: two plain stores of lo and hi with no barrier. Its shortest counterexample on the legacy
     * entry is the c1e4f1dccbe9 tear: the old lo (P=1, the old root) beside the zeroed hi (AW 0, DID 0), fetched while
     * the teardown runs. In scalable mode the driver's hi is 0 in every entry, so nothing tears.
     */
    @Test
    void thePre2026OrderingTearsWithPSetWhereHiChanges() {
        Ordering o = Orderings.byName("vtd-context-pre-2026");
        Entry slA = legacy.parseConfig("sl-a"), slDid3 = legacy.parseConfig("sl-did3");
        Plan p = o.plan(legacy, slA, slDid3);
        assertEquals(new Step.Store64(0, 0, true), p.steps().get(0), "plain lo = 0");
        assertEquals(new Step.Store64(1, 0, true), p.steps().get(1), "plain hi = 0, no barrier between");
        CheckResult r = Checker.check(p, ReaderModel.strict(legacy));
        assertEquals(Verdict.TORN, r.verdict());
        var cx = r.counterexample().orElseThrow();
        assertTrue(legacy.isPresent(cx.observed()), "the torn entry has P set");
        assertEquals(q(slA.qword(0), 0), cx.observed(), "the old lo beside the zeroed hi");
        assertEquals(2, cx.stepsExecuted(), "shortest: the fetch completes once both plain stores were issued");
        for (NamedConfig a : sm.catalogue()) {
            for (NamedConfig b : sm.catalogue()) {
                Verdict v = Checker.check(o.plan(sm, a.entry(), b.entry()), ReaderModel.strict(sm)).verdict();
                assertFalse(v.worseThan(Verdict.BREAKING), a.name() + " -> " + b.name() + ": " + v);
            }
        }
    }

    @Test
    void plansAreStepsTheCheckerAccepts() {
        Plan p = Orderings.byName("vtd-context-pre-2026").plan(legacy, legacy.zero(), legacy.parseConfig("pt"));
        assertInstanceOf(Step.Store64.class, p.steps().get(0));
        assertTrue(((Step.Store64) p.steps().get(0)).plain());
    }
}
