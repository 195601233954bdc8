package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.AmdDte;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Claim;
import dev.hitless.plan.StepEmitter;
import dev.hitless.plan.SyncKind;

import java.util.EnumSet;

/**
 * Xen's direct re-assign of a device between domains (XSA-400 part 5, "AMD/IOMMU: re-assign devices directly",
 * CVE-2022-26360) on a CPU without cmpxchg16b: the lower 128 bits (V, TV, Mode, host root, IR, IW in qword 0;
 * DomainID in qword 1), which Xen writes with one CMPXCHG16B where it can, become two 64-bit stores with the DomainID
 * last, a best effort the patch reports to its caller. Then the upper qwords, if they change, and the invalidation of
 * the DTE and of the IOTLB. Known-bad: between the two stores the IOMMU can fetch the new page-table root with the old
 * DomainID, a configuration nobody wrote (translations of the new table cached under the old domain's tag).
 */
public final class XenNoCx16 extends AmdDteOrdering {
    public static final String NAME = "xen-no-cx16";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Xen XSA-400 direct re-assign without cmpxchg16b: the DTE's lower half as two 64-bit stores, DomainID last"
                + " (buggy on purpose)";
    }

    @Override
    public boolean knownBad() {
        return true;
    }

    @Override
    Claim store(StepEmitter e, EntryFormat format, Entry current, Entry value) {
        e.storeIfChanged(64, 0, value);       // V, TV, Mode, root, IR/IW
        e.storeIfChanged(64, 1, value);       // DomainID last
        for (int q = 2; q < 4; q++) e.storeIfChanged(64, q, value);
        e.sync(EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB));
        return Claim.HITLESS;
    }
}
