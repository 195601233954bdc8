package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.RiscvDc;
import dev.hitless.plan.Claim;
import dev.hitless.plan.StepEmitter;

/**
 * The RISC-V IOMMU driver's {@code riscv_iommu_iodir_update()} (drivers/iommu/riscv/iommu.c, torvalds/linux b6e2174e;
 * the nested and MSI series pass a whole {@code struct riscv_iommu_dc} and also write iohgatp and the MSI fields), for
 * one device ID:
 * <ol>
 *   <li>if the live DC is valid: {@code WRITE_ONCE(dc->tc, tc & ~V)}, IODIR.INVAL_DDT (and, since f5c262b54497,
 *       IOTINVAL.VMA for the old DC's fsc and ta), {@code riscv_iommu_cmd_sync};</li>
 *   <li>{@code WRITE_ONCE} iohgatp, fsc, ta, and in the extended format msiptp, msi_addr_mask and msi_addr_pattern,
 *       each stored whether or not it changes;</li>
 *   <li>{@code dma_wmb()} ("write TC.V as the last step"), {@code WRITE_ONCE(dc->tc, tc)};</li>
 *   <li>IODIR.INVAL_DDT (and IOTINVAL.VMA for the new DC), {@code riscv_iommu_cmd_sync}.</li>
 * </ol>
 * Claims: breaking when the live DC is valid (step 1 clears V: the driver's comment says an update of a valid DC
 * "might be disruptive, potentially causing interim translation faults"); hitless otherwise (the DC is not valid, and
 * so not cached, until the last store).
 */
public final class RiscvIodir extends RiscvDcOrdering {
    public static final String NAME = "riscv-iodir";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "RISC-V riscv_iommu_iodir_update (Linux 2024-2026): clear tc.V and sync if valid, then iohgatp/fsc/ta"
                + " (and msiptp), dma_wmb, tc with V last, sync";
    }

    @Override
    Claim store(StepEmitter e, EntryFormat format, Entry current, Entry target) {
        boolean live = RiscvDc.V.get(current) == 1;
        if (live) {
            e.store(64, TC, RiscvDc.V.set(current, 0));
            syncDc(e);
        }
        e.store(64, IOHGATP, target);
        e.store(64, FSC, target);
        e.store(64, TA, target);
        if (extended(format)) {
            e.store(64, MSIPTP, target);
            e.store(64, MSI_MASK, target);
            e.store(64, MSI_PATTERN, target);
        }
        e.barrier();
        e.store(64, TC, target);
        syncDc(e);
        return live ? Claim.BREAKING : Claim.HITLESS;
    }
}
