package dev.hitless.check;

import dev.hitless.reader.Seen;

import java.util.Set;

/** The checker's answer for one plan under one reader model, from best to worst. */
public enum Verdict {
    /** Every possible observation is the old or the new configuration. */
    HITLESS,
    /** Some observation is not present (V/P = 0): DMA faults or is blocked meanwhile; never torn. */
    BREAKING,
    /**
     * The entry is never torn, but after the replace a translation survives that no unmap of its domain can reach
     * (the cache-tag model, {@link dev.hitless.attach.TagOutcome.Kind#LEAK}).
     */
    LEAK,
    /**
     * The entry is never torn, but after an unmap's invalidation completed the device still translates to the unmapped
     * page (the cache-tag model, {@link dev.hitless.attach.TagOutcome.Kind#STALE}).
     */
    STALE,
    /** Some observation points at a new table the device could not yet see (UNINIT); never torn. */
    UNINIT,
    /**
     * Some observation lets DMA through untranslated (AMD-Vi V=0): for that window the device reaches physical memory
     * unchecked; never torn.
     */
    UNTRANSLATED,
    /** Some observation is present and neither old nor new: the hardware may act on a configuration nobody wrote. */
    TORN;

    /** The verdict for a set of judgements. */
    public static Verdict of(Set<Seen> seen) {
        if (seen.contains(Seen.TORN)) return TORN;
        if (seen.contains(Seen.UNTRANSLATED)) return UNTRANSLATED;
        if (seen.contains(Seen.UNINIT)) return UNINIT;
        if (seen.contains(Seen.BLOCKED)) return BREAKING;
        return HITLESS;
    }

    public boolean worseThan(Verdict other) {
        return compareTo(other) > 0;
    }
}
