package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.RiscvDc;
import dev.hitless.plan.Claim;
import dev.hitless.plan.StepEmitter;

/**
 * The 2026 QoS ID RFC's writer (Zhanpeng Zhang, lore 20260714130657.46963-5-zhangzhanpeng.jasper@bytedance.com):
 * {@code riscv_iommu_dc_update_qosid()} edits a live DC's RCID and MCID in place, one 64-bit {@code WRITE_ONCE} of ta,
 * then {@code dma_wmb()}, IODIR.INVAL_DDT, IOTINVAL and {@code riscv_iommu_cmd_sync}; every other change still goes
 * through {@code riscv_iommu_iodir_update()} ({@link RiscvIodir}).
 *
 * <p>It can make only a change confined to ta's QoS IDs: the in-place path is taken when the live DC is valid and
 * current and target differ in RCID and MCID alone, and claims hitless there (one store of one doubleword, read whole
 * by a 64-bit reader, between two configurations the IOMMU may use: the specification's "single memory operation").
 * Every other transition is {@link RiscvIodir}'s plan and claim.
 */
public final class RiscvQosInPlace extends RiscvDcOrdering {
    public static final String NAME = "riscv-qos-in-place";

    private static final RiscvIodir IODIR = new RiscvIodir();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "RISC-V QoS ID RFC (2026): RCID/MCID of a live DC edited in place (one ta store, dma_wmb, sync);"
                + " every other change as riscv-iodir";
    }

    /** True when the QoS path applies: {@code current} is valid and differs from {@code target} in RCID and MCID only. */
    public static boolean inPlace(EntryFormat format, Entry current, Entry target) {
        Entry qos = format.mask(RiscvDc.RCID, RiscvDc.MCID);
        return RiscvDc.V.get(current) == 1 && current.withBitsFrom(target, qos).equals(target);
    }

    @Override
    Claim store(StepEmitter e, EntryFormat format, Entry current, Entry target) {
        if (!inPlace(format, current, target)) return IODIR.store(e, format, current, target);
        e.store(64, TA, target);
        e.barrier();
        syncDc(e); // INVAL_DDT, IOTINVAL, sync
        return Claim.HITLESS;
    }
}
