package dev.hitless.attach;

import java.util.Comparator;

/**
 * What the cache-tag model found in one run of writer, unmapper and device: a STALE translation of a domain's page
 * after its unmap completed, or a LEAK of a translation into a domain's page past the end of the replace.
 */
public record TagOutcome(Kind kind, Domain domain) {
    /** Worst last. */
    public enum Kind { LEAK, STALE }

    /** Worst first, then by domain. */
    public static final Comparator<TagOutcome> ORDER = Comparator.comparing(TagOutcome::kind).reversed()
            .thenComparing(TagOutcome::domain);

    /** {@code stale-old}, {@code leak-new}, ...: outcome keys as the reports print them. */
    public String key() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + domain.label();
    }

    /** One sentence for a kernel developer. */
    public String explain() {
        return switch (kind) {
            case STALE -> "after an unmap of the " + domain.label() + " domain's page completed, the device still translates to that page";
            case LEAK -> "after the replace, a translation into the " + domain.label() + " domain's page survives that no unmap of the "
                    + domain.label() + " domain can reach";
        };
    }
}
