package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.StepEmitter;

/**
 * The VT-d context entry as Linux wrote it before January 2026 (ba39592764ed2 "Intel IOMMU: Intel IOMMU driver" up to
 * c1e4f1dccbe9, and in scalable mode up to the stable 2ae3aed2c82f): the teardown is {@code context_clear_entry()},
 * {@code context->lo = 0; context->hi = 0;}, two plain 64-bit stores with no compiler barrier between them, then the
 * context-cache invalidation and the IOTLB flush; the new entry is built with plain assignments to lo and hi,
 * {@code context_set_present()} being a plain {@code lo |= 1} with no {@code dma_wmb()}, then flushed. Sources:
 * gregkh/linux@362f34fba309536598a02bc0541ccaeae2bc9052 drivers/iommu/intel/iommu.h ({@code context_clear_entry()},
 * {@code context_set_present()} before the fix), LuBaolu/intel-iommu@12e5428dbeb70d6ef91d4bfe1863a1e339a193f8
 * drivers/iommu/intel/pasid.c ({@code device_pasid_table_teardown()}, still the old teardown there) and the removed
 * lines of c1e4f1dccbe9.
 *
 * <p>Known-bad: the compiler may store the two halves in either order, so while the teardown runs the IOMMU can fetch
 * the old lo (P=1) beside the new, zeroed hi, or on a set the new lo (P=1) beside the old hi: a torn entry with P set
 * (c1e4f1dccbe9's commit message). Whether the tear shows depends on hi: in legacy mode hi holds AW and DID, so it does;
 * in scalable mode the driver's hi is RID_PASID = IOMMU_NO_PASID = 0 in every entry, so tearing lo from hi yields the
 * old or the new entry and the checker finds none (docs/vtd-context.md).
 */
public final class VtdContextPre2026 extends VtdContextOrdering {
    public static final String NAME = "vtd-context-pre-2026";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "VT-d context entry before 2026: context_clear_entry() and the rewrite as plain stores of lo and hi with no"
                + " barrier, P set by a plain lo |= 1 (buggy on purpose)";
    }

    @Override
    public boolean knownBad() {
        return true;
    }

    @Override
    void store(StepEmitter e, EntryFormat format, Entry current, Entry target, boolean teardown) {
        if (teardown) {
            plainly(e, format, format.zero());                 // context_clear_entry(): lo = 0; hi = 0;
            e.sync(TEARDOWN_FLUSH);                            // context cache, IOTLB, device TLB
        }
        plainly(e, format, target);                            // clear, the fields, lo |= 1: all plain
        if (format.isPresent(target)) e.sync(CONTEXT_AND_IOTLB);
    }
}
