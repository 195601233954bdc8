package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.AmdDte;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Claim;
import dev.hitless.plan.StepEmitter;
import dev.hitless.plan.SyncKind;

import java.util.EnumSet;

/**
 * AMD-Vi's DTE update as the Linux driver performs it ({@code amd_iommu_update_dte()}, drivers/iommu/amd/iommu.c,
 * AMDESE/linux-iommu 00406666): {@code update_dte256()} writes the two 128-bit halves with unlocked cmpxchg16b
 * ({@code write_dte_lower128}: chunk 0, qwords 0-1; {@code write_dte_upper128}: chunk 1, qwords 2-3, keeping the live
 * interrupt-remapping bits), in one of six orders, because "the IOMMU reads the entire DTE in a single 256-bit
 * transaction" and V/GV must be written last when set, first when cleared:
 * <ol>
 *   <li>live V=0: upper, lower, flush;</li>
 *   <li>new V=0: lower, upper, flush;</li>
 *   <li>both V=1, live GV=0: upper, lower, flush;</li>
 *   <li>live GV=1, new GV=0: lower, upper, flush;</li>
 *   <li>both GV=1, another GPT level: an all-zero lower half (V=0, "First disable DTE"), flush, upper, lower, flush;</li>
 *   <li>both GV=1, same level: the lower half alone, no flush.</li>
 * </ol>
 * "Flush" is {@code iommu_flush_dte_sync} (INVALIDATE_DEVTAB_ENTRY, COMPLETION_WAIT): an entry sync. Then
 * {@code device_flush_dte} and {@code amd_iommu_completion_wait}: a second entry sync; then, when the target is a
 * translating entry built by {@code set_dte_entry()} and the live DomainID was not 0, {@code amd_iommu_flush_tlb_domid}
 * of the old DomainID: an IOTLB sync. No aliases (one device ID).
 *
 * <p>Claims: branch 5 is breaking (the driver says it disables the DTE); every other branch claims hitless, as the
 * driver's comment argues for a 256-bit reader. On AMD-Vi branch 5's V=0 lets DMA through untranslated: the checker
 * finds UNTRANSLATED, not BREAKING.
 */
public final class AmdUpdateDte256 extends AmdDteOrdering {
    public static final String NAME = "amd-update-dte256";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AMD-Vi update_dte256 (Linux 2024-2026): two cmpxchg16b halves, V/GV last when set and first when cleared;"
                + " a GPT-level change goes through V=0";
    }

    @Override
    public int quantumBits() {
        return 128;
    }

    @Override
    Claim store(StepEmitter e, EntryFormat format, Entry current, Entry value) {
        // value: write_dte_upper128 keeps the live interrupt-remapping bits; the DMA writer never changes them
        Claim claim = Claim.HITLESS;
        boolean liveV = AmdDte.V.get(current) == 1, newV = AmdDte.V.get(value) == 1;
        boolean liveGv = AmdDte.GV.get(current) == 1, newGv = AmdDte.GV.get(value) == 1;
        if (!liveV || liveV && newV && !liveGv) {                 // branches 1 and 3: upper, lower
            e.store(128, UPPER, value);
            e.store(128, LOWER, value);
            e.sync(ENTRY);
        } else if (!newV || !newGv) {                             // branches 2 and 4: lower, upper
            e.store(128, LOWER, value);
            e.store(128, UPPER, value);
            e.sync(ENTRY);
        } else if (AmdDte.GPT_LEVEL.get(current) != AmdDte.GPT_LEVEL.get(value)) { // branch 5: through V=0
            claim = Claim.BREAKING;
            e.store(128, LOWER, format.zero());
            e.sync(ENTRY);
            e.store(128, UPPER, value);
            e.store(128, LOWER, value);
            e.sync(ENTRY);
        } else {                                                  // branch 6: the lower half only
            e.store(128, LOWER, value);
        }
        e.sync(ENTRY);                                            // device_flush_dte + completion_wait
        if (AmdDte.TV.get(value) == 1 && AmdDte.DOMAIN_ID.get(current) != 0) {
            e.sync(EnumSet.of(SyncKind.IOTLB));                   // amd_iommu_flush_tlb_domid(old DomainID)
        }
        return claim;
    }

    private static final int LOWER = 0, UPPER = 1;
    private static final EnumSet<SyncKind> ENTRY = EnumSet.of(SyncKind.ENTRY);
}
