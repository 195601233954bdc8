package dev.hitless.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The write barriers a driver uses, by what they order. The kernel's names are the plan language's and the C
 * harness's spellings. What each orders for the device under each visibility is the
 * {@linkplain dev.hitless.reader reader's contract}, rule 1.
 */
public enum BarrierKind {
    /** {@code dma_wmb()} (ARM {@code dmb oshst}; a compiler barrier on x86): earlier stores before later ones, for the device. */
    DMA_WMB,
    /** {@code smp_wmb()} (ARM {@code dmb ishst}): earlier stores before later ones for other CPUs only, not for a device. */
    SMP_WMB;

    /** The kernel's name: {@code dma_wmb}, {@code smp_wmb}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every label, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(BarrierKind::label).toList();
    }

    /**
     * The kind a label names.
     *
     * @throws IllegalArgumentException naming the label and the expected ones
     */
    public static BarrierKind byLabel(String label) {
        for (BarrierKind k : values()) if (k.label().equals(label)) return k;
        throw new IllegalArgumentException("unknown barrier kind '" + label + "'; expected one of " + String.join(", ", labels()));
    }
}
