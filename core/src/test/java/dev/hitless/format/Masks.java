package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.Arrays;

/** Test helper: an entry from its leading qwords, the rest zero; expected masks are written out with it. */
final class Masks {
    private Masks() {
    }

    static Entry q(long... leading) {
        return Entry.of(Arrays.copyOf(leading, 8));
    }

    /** All ones except the given leading qwords. */
    static Entry onesExcept(long... leading) {
        long[] all = new long[8];
        Arrays.fill(all, -1L);
        System.arraycopy(leading, 0, all, 0, leading.length);
        return Entry.of(all);
    }
}
