package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.AmdDte;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Claim;
import dev.hitless.plan.StepEmitter;
import dev.hitless.plan.SyncKind;

import java.util.EnumSet;

/**
 * The AMD-Vi DTE write order Linux had before 2009 commit aa879fff5d12 ("x86/amd-iommu: Fix device table write
 * order", https://git.zx2c4.com/linux-dev/commit/?id=aa879fff5d12318259816aa35023e941a1e4d3d9): the device table entry
 * was then {@code u32 data[8]}, and the driver assigned it word by word with the word that holds V and the page-table
 * root (word 0) <em>first</em>, then the others in ascending order, then flushed the DTE. The fix writes the V word
 * last. Every word is assigned, changed or not (a C assignment stores whatever the value); the interrupt-remapping bits
 * of qword 2 keep their live value ({@link AmdDte#withInterruptBitsOf}), as in the other AMD orderings.
 *
 * <p>Known-bad: between the first store and the last the IOMMU may fetch V and the new root and Mode beside the old
 * DomainID (word 2) or old upper words: a configuration nobody wrote (TORN).
 */
public final class Amd2009VFirst extends AmdDteOrdering {
    public static final String NAME = "amd-2009-v-first";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AMD-Vi DTE before 2009 (aa879fff5d12): eight 32-bit stores, the V word first, then a DTE flush"
                + " (buggy on purpose)";
    }

    @Override
    public int quantumBits() {
        return 32;
    }

    @Override
    public boolean knownBad() {
        return true;
    }

    @Override
    Claim store(StepEmitter e, EntryFormat format, Entry current, Entry value) {
        for (int w = 0; w < 2 * format.qwords(); w++) e.store(32, w, value); // word 0 (V, Mode, root) first
        e.sync(EnumSet.of(SyncKind.ENTRY));                                   // flush the DTE
        return Claim.HITLESS;
    }
}
