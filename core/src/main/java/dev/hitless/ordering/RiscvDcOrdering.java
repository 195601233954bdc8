package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.RiscvDc;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.StepEmitter;
import dev.hitless.plan.SyncKind;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What every RISC-V device-context writer here shares: it applies to {@code riscv-dc} and {@code riscv-dc-ext} only,
 * plans nothing when the entry does not change, and invalidates as the Linux driver does since the 2026 IOTINVAL fix
 * (f5c262b54497): each command-queue sync that follows a DC store carries IODIR.INVAL_DDT (an entry sync) and an
 * IOTINVAL.VMA (an IOTLB sync): {@code riscv_iommu_iodir_iotinval()} sends one after every INVAL_DDT, by PSCID when the
 * DC has a first stage, else of every address space, which is more than the specification asks for an identity or a
 * blocked DC ({@link RiscvDc#needsIotinval}). The fix changes no store and no entry sync: which translations the missing
 * IOTINVAL leaves behind is the cache-tag model's to show (attach sequences {@code riscv-iodir} and
 * {@code riscv-iodir-pre-2026}). A subclass says only in what order it stores.
 */
abstract sealed class RiscvDcOrdering implements Ordering permits RiscvIodir, RiscvQosInPlace {

    @Override
    public final boolean appliesTo(EntryFormat format) {
        return format instanceof RiscvDc;
    }

    @Override
    public final Plan plan(EntryFormat format, Entry current, Entry target) {
        if (current.equals(target)) return new Plan(name(), format, current, target, Claim.NO_CHANGE, List.of());
        StepEmitter e = new StepEmitter(current);
        Claim claim = store(e, format, current, target);
        return new Plan(name(), format, current, target, claim, e.steps());
    }

    /**
     * Emits the stores, barriers and syncs that move {@code current} to {@code target} (never equal) and returns the
     * claim. {@code format} is a RISC-V format when the caller asked {@link #appliesTo}; a caller that did not (a test
     * recording every ordering on every format) gets a plan by the same rule on its width, never an exception.
     */
    abstract Claim store(StepEmitter e, EntryFormat format, Entry current, Entry target);

    /** True for the extended format's width: msiptp and the MSI address fields exist. */
    static boolean extended(EntryFormat format) {
        return format.qwords() > MSI_PATTERN;
    }

    /** IODIR.INVAL_DDT, IOTINVAL.VMA ({@code riscv_iommu_iodir_iotinval}), then {@code riscv_iommu_cmd_sync} (IOFENCE.C). */
    static void syncDc(StepEmitter e) {
        e.sync(DC_SYNC);
    }

    private static final Set<SyncKind> DC_SYNC = EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB);

    /** Doubleword indices: tc, iohgatp, ta, fsc, msiptp, msi_addr_mask, msi_addr_pattern. */
    static final int TC = 0, IOHGATP = 1, TA = 2, FSC = 3, MSIPTP = 4, MSI_MASK = 5, MSI_PATTERN = 6;
}
