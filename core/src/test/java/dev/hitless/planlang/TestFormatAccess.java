package dev.hitless.planlang;

import dev.hitless.format.EntryFormat;

/** Lets tests in other packages use the package-private {@link TestVtdFormat}. */
public final class TestFormatAccess {
    public EntryFormat format() {
        return new TestVtdFormat();
    }
}
