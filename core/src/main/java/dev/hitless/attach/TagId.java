package dev.hitless.attach;

import java.util.Locale;

/**
 * A cache tag the IOMMU keys translations by (VT-d: the DID with the PASID; SMMUv3: the ASID of a stage-1 CD or the
 * VMID of a stage-2 STE): the old domain's, the new domain's, or a temporary one that neither domain owns (the
 * January 2026 route for changing DID and table together). Which value each stands for in an entry is
 * {@link DomainSwitch#tagValue}'s business; when the old and the new entry carry the same value, OLD and NEW are one
 * tag (the replace "keeps the tag").
 */
public enum TagId {
    OLD, NEW, TEMP;

    /** {@code old}, {@code new} or {@code temp}, as attach files spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
