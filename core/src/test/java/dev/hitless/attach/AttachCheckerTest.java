package dev.hitless.attach;

import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.planlang.AttachFile;
import dev.hitless.reader.ReaderModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.hitless.attach.TagOutcome.Kind.LEAK;
import static dev.hitless.attach.TagOutcome.Kind.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each built-in attach sequence's verdict and shortest counterexample, pinned on the replaces the docs use. */
class AttachCheckerTest {

    static AttachResult run(String seq, String format, String from, String to, String ordering, boolean ats) {
        EntryFormat f = Formats.all().stream().filter(x -> x.name().equals(format)).findFirst().orElseThrow();
        return AttachChecker.check(AttachFile.builtIn(seq), Orderings.byName(ordering), f, named(f, from), named(f, to),
                ReaderModel.strict(f), ats);
    }

    static Entry named(EntryFormat f, String name) {
        return f.catalogue().stream().filter(c -> c.name().equals(name)).map(NamedConfig::entry).findFirst().orElseThrow();
    }

    static TagOutcome o(TagOutcome.Kind k, Domain d) {
        return new TagOutcome(k, d);
    }

    /**
     * VT-d first-stage replace that changes DID and table: the case of the January 2026 thread. The RISC-V sequences
     * are pinned on their own format, on the replace that keeps the PSCID and changes the table, where the 2026
     * IOTINVAL fix makes the difference.
     */
    @Test
    void eachBuiltInOnTheDidAndTableChange() {
        record Pin(String seq, Verdict verdict, Set<TagOutcome> outcomes, int shortest, String... where) {
        }
        String[] vtd = {"vtd-pasid", "fl-did5-a", "fl-did6-b", "used-bits-128"};
        String[] riscv = {"riscv-dc", "s1-a", "s1-a-root2", "riscv-iodir"};
        List<Pin> pins = List.of(
                new Pin("vtd-corrected", Verdict.BREAKING, Set.of(), 0, vtd),
                new Pin("vtd-rid-2024", Verdict.STALE, Set.of(o(STALE, Domain.NEW)), 5, vtd),
                new Pin("vtd-old-removed-early", Verdict.STALE, Set.of(o(STALE, Domain.OLD)), 6, vtd),
                new Pin("old-tag-not-flushed", Verdict.LEAK, Set.of(o(LEAK, Domain.OLD)), 6, vtd),
                new Pin("arm-prepare-commit", Verdict.BREAKING, Set.of(), 0, vtd),
                new Pin("vtd-temporary-tag", Verdict.HITLESS, Set.of(), 0, vtd),
                new Pin("riscv-iodir", Verdict.BREAKING, Set.of(), 0, riscv),
                new Pin("riscv-iodir-pre-2026", Verdict.STALE, Set.of(o(STALE, Domain.OLD)), 9, riscv));
        assertEquals(AttachFile.BUILT_INS.size(), pins.size(), "a pin per built-in");
        for (Pin p : pins) {
            AttachResult r = run(p.seq(), p.where()[0], p.where()[1], p.where()[2], p.where()[3], true);
            assertEquals(p.verdict(), r.verdict(), p.seq());
            assertEquals(p.outcomes(), r.outcomes(), p.seq());
            if (!p.outcomes().isEmpty()) assertEquals(p.shortest(), TagTrace.length(r, r.worstOutcome().orElseThrow()), p.seq());
            assertEquals(AttachFile.builtIn(p.seq()).knownBad(), !p.outcomes().isEmpty(), p.seq() + ": known-bad exactly when it fails");
        }
    }

    /** The corrected sequence's entry update is breaking here (DID and table in two 128-bit chunks); the temporary tag's is not. */
    @Test
    void theTemporaryTagRouteIsHitlessAtTheSameSyncCountWithMoreListWork() {
        AttachResult corrected = run("vtd-corrected", "vtd-pasid", "fl-did5-a", "fl-did6-b", "used-bits-128", true);
        AttachResult temp = run("vtd-temporary-tag", "vtd-pasid", "fl-did5-a", "fl-did6-b", "used-bits-128", true);
        assertEquals(Verdict.BREAKING, corrected.entryVerdict());
        assertEquals(Verdict.HITLESS, temp.entryVerdict());
        assertEquals(3, temp.switches().size());
        assertEquals(corrected.entrySyncs(), temp.entrySyncs());
        assertEquals("3 switches, 3 entry syncs, 3 stores, 2 IOTLB flushes, 1 device-TLB flush, 6 list updates", temp.cost());
        // each switch changes one field: DID, then FSPTPTR, then DID
        for (AttachResult.SwitchRun s : temp.switches()) assertEquals(1, s.plan().storeCount(), s.step().text());
    }

    /** The RID-path STALE needs no device TLB: the IOTLB entry under the new DID alone survives the unmap. */
    @Test
    void staleWithoutAtsToo() {
        AttachResult r = run("vtd-rid-2024", "vtd-pasid", "fl-did5-a", "fl-did6-b", "used-bits-128", false);
        assertEquals(Set.of(o(STALE, Domain.NEW)), r.outcomes());
        assertTrue(TagTrace.render(r, o(STALE, Domain.NEW)).getLast().contains("IOTLB[DID 0x6] -> new page survives"));
    }

    /**
     * One tag for both domains (same VMID, new stage-2 table): the IOTLB holds both tables' translations under it. The
     * corrected order flushes it before the old domain lets go; SMMUv3's order drops the old array first and flushes
     * the tag afterwards, so an unmap of the old domain in between misses a translation the device still looks up.
     */
    @Test
    void aSharedTagNeedsTheFlushBeforeTheOldListLetsGo() {
        AttachResult corrected = run("vtd-corrected", "smmu-ste", "s2-vmid1", "s2-vmid1-ttb-b", "used-bits-64", true);
        AttachResult arm = run("arm-prepare-commit", "smmu-ste", "s2-vmid1", "s2-vmid1-ttb-b", "used-bits-64", true);
        assertTrue(corrected.domains().sharesTag());
        assertEquals(Set.of(), corrected.outcomes());
        assertEquals(Set.of(o(STALE, Domain.OLD)), arm.outcomes());
        // with two VMIDs, the ARM order is clean
        AttachResult armTwoVmids = run("arm-prepare-commit", "smmu-ste", "s2-vmid1", "s2-vmid2", "used-bits-64", true);
        assertFalse(armTwoVmids.domains().sharesTag());
        assertEquals(Set.of(), armTwoVmids.outcomes());
    }

    /** A stage-1 STE carries no tag (the ASID sits in the CD): a temporary tag cannot be written, said in one sentence. */
    @Test
    void aTemporaryTagNeedsATagField() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> run("vtd-temporary-tag", "smmu-ste", "s1-ssid0", "s1-cdtab-b", "used-bits-64", true));
        assertTrue(e.getMessage().contains("carries no cache tag"), e.getMessage());
    }

    /** Nothing to unmap when neither domain walks a table. */
    @Test
    void noTableNoHazard() {
        AttachResult r = run("vtd-rid-2024", "smmu-ste", "abort", "bypass", "used-bits-64", true);
        assertEquals(Set.of(), r.outcomes());
    }

    /**
     * The 2026 IOTINVAL fix in the cache-tag model: before it, the old PSCID was flushed only by
     * riscv_iommu_bond_unlink(), after the device left the old domain's list; where the old and the new DC carry one
     * PSCID an unmap of the old domain in between misses a translation the device still looks up (STALE). The fix
     * flushes it inside the update, before the old domain lets go: clean, with ATS or without. With two PSCIDs both
     * are clean.
     */
    @Test
    void theRiscvIotinvalFixOnASharedPscid() {
        for (boolean ats : new boolean[]{true, false}) {
            AttachResult fixed = run("riscv-iodir", "riscv-dc", "s1-a", "s1-a-root2", "riscv-iodir", ats);
            AttachResult old = run("riscv-iodir-pre-2026", "riscv-dc", "s1-a", "s1-a-root2", "riscv-iodir", ats);
            assertTrue(fixed.domains().sharesTag());
            assertEquals(Set.of(), fixed.outcomes(), "ATS " + ats);
            assertEquals(Set.of(o(STALE, Domain.OLD)), old.outcomes(), "ATS " + ats);
            assertTrue(TagTrace.render(old, o(STALE, Domain.OLD)).getLast().contains("IOTLB[PSCID 0x1]"),
                    String.join("\n", TagTrace.render(old, o(STALE, Domain.OLD))));
        }
        AttachResult twoPscids = run("riscv-iodir-pre-2026", "riscv-dc", "s1-a", "s1-b", "riscv-iodir", false);
        assertFalse(twoPscids.domains().sharesTag());
        assertEquals(Set.of(), twoPscids.outcomes());
        // the RISC-V formats' default sequence is their driver's; every other format keeps vtd-corrected
        assertEquals("riscv-iodir", AttachFile.defaultFor(Formats.riscvDc()));
        assertEquals("riscv-iodir", AttachFile.defaultFor(Formats.riscvDcExt()));
        for (EntryFormat f : List.of(Formats.vtd(), Formats.ste(), Formats.cd(), Formats.dte())) {
            assertEquals("vtd-corrected", AttachFile.defaultFor(f), f.name());
        }
    }
}
