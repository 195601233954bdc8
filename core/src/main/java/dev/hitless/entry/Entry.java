package dev.hitless.entry;

import java.util.Arrays;

/**
 * An immutable 512-bit IOMMU table entry: eight 64-bit qwords, qword 0 first (lowest address).
 *
 * <p>Also used as a bit mask over an entry (used bits, update-safe bits): the bit operations below make
 * no distinction between the two. Prints as the kernel prints entries ({@code 0x%016llx} per qword,
 * space separated) and {@link #parse(String)} reads that text back.
 */
public final class Entry {
    /** Qwords per entry. VT-d PASID entry, SMMUv3 STE and CD are all 8 x 64 bits. */
    public static final int QWORDS = 8;
    /** Bytes per entry; also the entry alignment in a table. */
    public static final int BYTES = QWORDS * Long.BYTES;

    public static final Entry ZERO = new Entry(new long[QWORDS]);
    public static final Entry ONES = new Entry(filled(-1L));

    private final long[] q;

    private Entry(long[] q) {
        this.q = q;
    }

    /** An entry of exactly {@value #QWORDS} qwords, copied. */
    public static Entry of(long... qwords) {
        if (qwords.length != QWORDS) {
            throw new IllegalArgumentException("an entry has " + QWORDS + " qwords, got " + qwords.length);
        }
        return new Entry(qwords.clone());
    }

    public long qword(int i) {
        return q[i];
    }

    /** A copy of the eight qwords. */
    public long[] toArray() {
        return q.clone();
    }

    public Entry withQword(int i, long value) {
        if (q[i] == value) {
            return this;
        }
        long[] c = q.clone();
        c[i] = value;
        return new Entry(c);
    }

    public Entry and(Entry o) {
        long[] c = new long[QWORDS];
        for (int i = 0; i < QWORDS; i++) c[i] = q[i] & o.q[i];
        return new Entry(c);
    }

    public Entry or(Entry o) {
        long[] c = new long[QWORDS];
        for (int i = 0; i < QWORDS; i++) c[i] = q[i] | o.q[i];
        return new Entry(c);
    }

    public Entry xor(Entry o) {
        long[] c = new long[QWORDS];
        for (int i = 0; i < QWORDS; i++) c[i] = q[i] ^ o.q[i];
        return new Entry(c);
    }

    public Entry not() {
        long[] c = new long[QWORDS];
        for (int i = 0; i < QWORDS; i++) c[i] = ~q[i];
        return new Entry(c);
    }

    /** {@code this & ~mask}. */
    public Entry andNot(Entry mask) {
        long[] c = new long[QWORDS];
        for (int i = 0; i < QWORDS; i++) c[i] = q[i] & ~mask.q[i];
        return new Entry(c);
    }

    /** True when this entry and {@code other} agree on every bit set in {@code mask}. */
    public boolean equalsOn(Entry other, Entry mask) {
        for (int i = 0; i < QWORDS; i++) {
            if (((q[i] ^ other.q[i]) & mask.q[i]) != 0) return false;
        }
        return true;
    }

    public boolean isZero() {
        for (long v : q) if (v != 0) return false;
        return true;
    }

    /**
     * This entry with bits {@code mask} taken from {@code from}: {@code (this & ~mask) | (from & mask)}.
     */
    public Entry withBitsFrom(Entry from, Entry mask) {
        long[] c = new long[QWORDS];
        for (int i = 0; i < QWORDS; i++) c[i] = (q[i] & ~mask.q[i]) | (from.q[i] & mask.q[i]);
        return new Entry(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && Arrays.equals(q, e.q);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(q);
    }

    /** The kernel's form: {@code 0x%016llx} for each qword, qword 0 first, one space between. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(QWORDS * 19);
        for (int i = 0; i < QWORDS; i++) {
            if (i > 0) sb.append(' ');
            sb.append(hex(q[i]));
        }
        return sb.toString();
    }

    /** {@code 0x%016x}. */
    public static String hex(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0".repeat(16 - h.length()) + h;
    }

    /**
     * Parses the kernel's form: eight hex qwords, qword 0 first, separated by spaces, commas or newlines (a separator
     * before the first or after the last is ignored); a {@code 0x} prefix is optional. Throws
     * {@link IllegalArgumentException} naming what was wrong, with the count found when it is not eight.
     */
    public static Entry parse(String text) {
        String t = text.replaceAll("^[\\s,]+|[\\s,]+$", "");
        String[] parts = t.isEmpty() ? new String[0] : t.split("[\\s,]+");
        if (parts.length != QWORDS) {
            throw new IllegalArgumentException("expected " + QWORDS + " hex qwords (qword 0 first), found " + parts.length);
        }
        long[] c = new long[QWORDS];
        for (int i = 0; i < QWORDS; i++) {
            String p = parts[i];
            String digits = p.startsWith("0x") || p.startsWith("0X") ? p.substring(2) : p;
            if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F')) {
                throw new IllegalArgumentException("qword " + i + ": expected up to 16 hex digits, found '" + p + "'");
            }
            c[i] = Long.parseUnsignedLong(digits, 16);
        }
        return new Entry(c);
    }

    private static long[] filled(long v) {
        long[] c = new long[QWORDS];
        Arrays.fill(c, v);
        return c;
    }
}
