package dev.hitless.reader;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Passage;

/**
 * Judges one observed entry against the transition {@code old -> new}: the kernel KUnit test's rule
 * ({@code arm-smmu-v3-test.c}), applied to every observation rather than only at syncs.
 *
 * <ul>
 *   <li>{@link Seen#OLD} / {@link Seen#NEW}: the observation equals that entry on the bits the observation itself
 *       uses (its own configuration decides), minus the update-safe bits of the transition;</li>
 *   <li>otherwise what the observation lets through, its format's {@link EntryFormat#passage}: {@link Seen#TORN}
 *       when the hardware translates through it, {@link Seen#BLOCKED} when it blocks (not present, on VT-d and
 *       SMMUv3), {@link Seen#UNTRANSLATED} when DMA passes untranslated (AMD-Vi V=0).</li>
 * </ul>
 * Update-safe bits are those the format allows to change under a live reader, counted only where both entries use
 * them ({@code safe & used(old) & used(new)}), as the driver computes them.
 *
 * <p>Immutable and thread-safe.
 */
public final class Oracle {
    private final EntryFormat format;
    private final Entry old;
    private final Entry target;
    private final Entry safe;

    public Oracle(EntryFormat format, Entry old, Entry target) {
        this.format = format;
        this.old = old;
        this.target = target;
        this.safe = format.transitionSafeBits(old, target);
    }

    public EntryFormat format() {
        return format;
    }

    public Entry old() {
        return old;
    }

    public Entry target() {
        return target;
    }

    /** The update-safe bits of this transition, already intersected with both entries' used bits. */
    public Entry safeBits() {
        return safe;
    }

    /** The bits the judgement of {@code observed} compares: its own used bits minus the safe bits. */
    public Entry comparedBits(Entry observed) {
        return format.usedBits(observed).andNot(safe);
    }

    public Seen judge(Entry observed) {
        Entry mask = comparedBits(observed);
        if (observed.equalsOn(old, mask)) return Seen.OLD;
        if (observed.equalsOn(target, mask)) return Seen.NEW;
        return neither(format.passage(observed));
    }

    /** The judgement of an observation that is neither old nor new, by what it lets through. */
    public static Seen neither(Passage p) {
        return switch (p) {
            case TRANSLATED -> Seen.TORN;
            case BLOCKED -> Seen.BLOCKED;
            case UNTRANSLATED -> Seen.UNTRANSLATED;
        };
    }
}
