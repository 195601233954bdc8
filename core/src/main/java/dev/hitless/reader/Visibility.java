package dev.hitless.reader;

import dev.hitless.format.EntryFormat;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Step;
import dev.hitless.plan.StoreOrder;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * In what order the writer's stores become visible to the device: a dimension of the
 * {@linkplain dev.hitless.reader reader's contract} (rule 1, which this enum's methods implement and every back end
 * asks).
 */
public enum Visibility implements StoreOrder {
    /**
     * x86 TSO with {@code WRITE_ONCE}: every store reaches the device in program order. Only plain stores (a C struct
     * copy) are free, and only up to the next compiler barrier (any barrier or sync).
     */
    IN_ORDER,
    /**
     * ARMv8 normal memory: the stores between two ordering points (the plan's start, a {@code dma_wmb}, any sync) may
     * reach the device in any order. Stores to the same qword (either 32-bit half of it included) stay in program
     * order; a 128-bit store is one unit.
     * An {@code smp_wmb} is no ordering point for a device.
     */
    BARRIER_ORDERED;

    /**
     * The visibility of the hardware {@code format} sits beside: in-order on x86 (VT-d, AMD-Vi), barrier-ordered on
     * ARMv8 (SMMUv3) and on RISC-V (RVWMO: {@code dma_wmb()} is {@code fence w,w}).
     */
    public static Visibility defaultFor(EntryFormat format) {
        return switch (format.platform()) {
            case X86 -> IN_ORDER;
            case ARMV8, RISCV -> BARRIER_ORDERED;
        };
    }

    /** The command-line spelling: {@code in-order}, {@code barrier-ordered}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Visibility::label).toList();
    }

    /**
     * The visibility a label names.
     *
     * @throws IllegalArgumentException naming the label and the expected ones
     */
    public static Visibility byLabel(String label) {
        for (Visibility v : values()) if (v.label().equals(label)) return v;
        throw new IllegalArgumentException("unknown visibility '" + label + "'; expected one of " + String.join(", ", labels()));
    }

    /**
     * True when {@code step} orders every earlier store before every later one as the device sees them: any sync (its
     * command-queue doorbell write carries a barrier, and it waits), a {@code dma_wmb}, and under in-order also an
     * {@code smp_wmb} (a compiler barrier on x86, where the hardware already keeps store order).
     */
    @Override
    public boolean isOrderingPoint(Step step) {
        return switch (step) {
            case Step.Sync s -> true;
            case Step.Barrier b -> b.kind() == BarrierKind.DMA_WMB || this == IN_ORDER;
            default -> false;
        };
    }

    /**
     * True when two stores of one segment (no ordering point between them), {@code earlier} before {@code later} in
     * program order, reach the device in that order. Stores that share a qword always do (coherence; the two
     * 32-bit halves of one qword count as sharing it, as {@link Step#writtenQwords} says).
     */
    @Override
    public boolean keepsOrder(Step earlier, Step later) {
        if (overlap(earlier, later)) return true;
        return this == IN_ORDER && !isPlain(earlier) && !isPlain(later);
    }

    /** True for a plain (compiler-reorderable) store. */
    public static boolean isPlain(Step s) {
        return s instanceof Step.Store64 w && w.plain();
    }

    private static boolean overlap(Step a, Step b) {
        return (a.writtenQwords() & b.writtenQwords()) != 0;
    }

    /** The hardware assumption this visibility stands for, in the words every report uses. */
    public String assumption() {
        return switch (this) {
            case IN_ORDER -> "stores reach the device in program order (x86 TSO, WRITE_ONCE)";
            case BARRIER_ORDERED -> "stores between two ordering points reach the device in any order"
                    + " (ARMv8 normal memory, ordered only by dma_wmb and syncs)";
        };
    }

    /**
     * {@link #assumption()} in the words of {@code platform}'s memory model: the same rule, named after RVWMO (and
     * {@code dma_wmb()} as {@code fence w,w}) for a RISC-V format; the x86 and ARMv8 formats read as before.
     */
    public String assumption(dev.hitless.format.Platform platform) {
        if (this == BARRIER_ORDERED && platform == dev.hitless.format.Platform.RISCV) {
            return "stores between two ordering points reach the device in any order"
                    + " (RISC-V RVWMO normal memory, ordered only by dma_wmb (fence w,w) and syncs)";
        }
        return assumption();
    }
}
