package dev.hitless.attach;

import java.util.Locale;

/**
 * The two domains of a replace: the one the device is attached to before ({@link #OLD}) and after ({@link #NEW}). Each
 * has its own page table with a page that its unmapper may unmap, and its own invalidation list (VT-d cache tags,
 * SMMUv3 invalidation array) that an unmap of the domain walks.
 */
public enum Domain {
    OLD, NEW;

    /** {@code old} or {@code new}, as attach files spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
