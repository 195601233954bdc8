package dev.hitless.plan;

import java.util.Locale;
import java.util.Optional;

/**
 * What one sync invalidates. Only {@link #ENTRY} matters to the hardware reader (the {@linkplain dev.hitless.reader
 * reader's contract} says how); the TLB kinds matter for cost (each is a separate invalidation on real hardware).
 */
public enum SyncKind {
    /** The entry cache: VT-d PASID-cache invalidation + wait descriptor; SMMUv3 CFGI_STE/CFGI_CD + CMD_SYNC. */
    ENTRY("entry", "pasid-cache", "cfgi"),
    /** IOTLB: VT-d PASID-based or domain-selective IOTLB flush; SMMUv3 TLBI. */
    IOTLB("iotlb", "tlbi"),
    /** Device TLB (ATS): VT-d device-TLB invalidation; SMMUv3 ATC_INV. */
    DEVTLB("devtlb", "atc");

    private final String name;
    private final String[] aliases;

    SyncKind(String name, String... aliases) {
        this.name = name;
        this.aliases = aliases;
    }

    /** The name used in plan files and printed plans. */
    public String label() {
        return name;
    }

    public static Optional<SyncKind> byName(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        for (SyncKind k : values()) {
            if (k.name.equals(t)) return Optional.of(k);
            for (String a : k.aliases) if (a.equals(t)) return Optional.of(k);
        }
        return Optional.empty();
    }
}
