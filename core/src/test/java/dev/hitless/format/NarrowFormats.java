package dev.hitless.format;

import java.util.List;

/**
 * The test-only formats narrower than 512 bits ({@link FourQwordFormat}, {@link TwoQwordFormat}), for the tests that
 * run every layer on an entry of another width than the built-in formats' eight qwords.
 */
public final class NarrowFormats {
    public static final FourQwordFormat FOUR = new FourQwordFormat();
    public static final TwoQwordFormat TWO = new TwoQwordFormat();

    private NarrowFormats() {
    }

    public static List<EntryFormat> all() {
        return List.of(FOUR, TWO);
    }

    /** The built-in formats, then the narrow ones: every width an entry may have. */
    public static List<EntryFormat> everyWidth() {
        List<EntryFormat> out = new java.util.ArrayList<>(Formats.all());
        out.addAll(all());
        return List.copyOf(out);
    }
}
