package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.StepEmitter;

/**
 * The VT-d context entry as Linux writes it since January 2026: commit c1e4f1dccbe9 ("iommu/vt-d: Clear Present bit
 * before tearing down context entry", Lu Baolu; stable 6.19 as Message-ID 20260225012408.418836418@linuxfoundation.org,
 * upstream https://lore.kernel.org/r/20260120061816.2132558-3-baolu.lu@linux.intel.com) for the legacy-mode teardown
 * ({@code domain_context_clear_one()}) and the kdump copied-entry path, and the later stable 2ae3aed2c82f for the
 * scalable-mode teardown ({@code device_pasid_table_teardown()}). Following the VT-d specification's section 6.5.3.3:
 * <ol>
 *   <li>teardown of a present entry ({@code context_clear_present()}): one {@code WRITE_ONCE} of lo with P cleared,
 *       then {@code dma_wmb()};</li>
 *   <li>the context-cache invalidation, the IOTLB flush and the device-TLB invalidation
 *       ({@code intel_context_flush_no_pasid()}): an entry + IOTLB + device-TLB sync;</li>
 *   <li>only then {@code context_clear_entry()} and the new entry's fields with P clear: plain stores;</li>
 *   <li>{@code context_set_present()}: {@code dma_wmb()}, then one {@code WRITE_ONCE} of lo with P set, last;</li>
 *   <li>the context-cache (and IOTLB) flush of the new entry: an entry + IOTLB sync.</li>
 * </ol>
 * A non-present live entry skips 1-2; a non-present target skips 4-5. Never torn: while P=1 is visible no other bit of
 * the entry changes, and the plain stores all land while P=0.
 */
public final class VtdContext2026 extends VtdContextOrdering {
    public static final String NAME = "vtd-context-2026";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "VT-d context entry since 2026 (c1e4f1dccbe9, 2ae3aed2c82f): clear P alone, dma_wmb, flush context cache"
                + " and IOTLB, rewrite, dma_wmb, set P last, flush";
    }

    @Override
    void store(StepEmitter e, EntryFormat format, Entry current, Entry target, boolean teardown) {
        int p = format.validBit().qword();
        if (teardown) {
            e.store(64, p, format.validBit().set(current, 0)); // context_clear_present: WRITE_ONCE(lo & ~P)
            e.barrier();                                       // ... and its dma_wmb()
            e.sync(TEARDOWN_FLUSH);                            // intel_context_flush_no_pasid()
        }
        plainly(e, format, format.validBit().set(target, 0)); // context_clear_entry() and the fields, P clear
        if (format.isPresent(target)) {
            e.barrier();                                       // context_set_present: dma_wmb() ...
            e.store(64, p, target);                            // ... then WRITE_ONCE(lo | P)
            e.sync(CONTEXT_AND_IOTLB);
        }
    }
}
