package dev.hitless.entry;

import java.util.Arrays;

/**
 * An immutable IOMMU table entry: as many 64-bit qwords as its format says ({@link
 * dev.hitless.format.EntryFormat#qwords()}), qword 0 first (lowest address). The widths that exist are
 * {@linkplain #isWidth 2, 4 and 8 qwords} (128, 256 and 512 bits): VT-d PASID entries, SMMUv3 STEs and CDs are 8,
 * an AMD-Vi Device Table Entry is 4. Nothing pads an entry to another width.
 *
 * <p>Also used as a bit mask over an entry (used bits, update-safe bits): the bit operations below make no distinction
 * between the two. Both operands of a binary operation have the same width; two widths meeting is a bug in the
 * caller (an entry of one format judged by another), so it throws {@link IllegalArgumentException}. Prints as the
 * kernel prints entries ({@code 0x%016llx} per qword, space separated) and {@link #parse(String, int)} reads that
 * text back.
 */
public final class Entry {
    /** The widest entry, in qwords (VT-d PASID entry, SMMUv3 STE and CD: 512 bits). */
    public static final int MAX_QWORDS = 8;

    /** All-zero and all-one entries by width ({@link #zero}, {@link #ones}), index {@code qwords}: shared, never copied. */
    private static final Entry[] ZEROS = new Entry[MAX_QWORDS + 1];
    private static final Entry[] ONES = new Entry[MAX_QWORDS + 1];

    static {
        for (int n = 1; n <= MAX_QWORDS; n++) {
            if (!isWidth(n)) continue;
            long[] ones = new long[n];
            Arrays.fill(ones, -1L);
            ZEROS[n] = new Entry(new long[n]);
            ONES[n] = new Entry(ones);
        }
    }

    private final long[] q;

    private Entry(long[] q) {
        this.q = q;
    }

    /** True for the widths an entry may have: 2, 4 or 8 qwords. */
    public static boolean isWidth(int qwords) {
        return qwords == 2 || qwords == 4 || qwords == 8;
    }

    /** An entry of {@code qwords.length} qwords (2, 4 or 8), copied. */
    public static Entry of(long... qwords) {
        requireWidth(qwords.length);
        return new Entry(qwords.clone());
    }

    /** An entry of the first {@code qwords} (2, 4 or 8) of {@code q}, copied. */
    public static Entry copyOf(long[] q, int qwords) {
        requireWidth(qwords);
        return new Entry(Arrays.copyOf(q, qwords));
    }

    /** The entry of {@code qwords} qwords (2, 4 or 8) with every bit clear. */
    public static Entry zero(int qwords) {
        requireWidth(qwords);
        return ZEROS[qwords];
    }

    /** The entry of {@code qwords} qwords (2, 4 or 8) with every bit set. */
    public static Entry ones(int qwords) {
        requireWidth(qwords);
        return ONES[qwords];
    }

    /** {@code qwords} when it {@linkplain #isWidth is a width}; otherwise {@link IllegalArgumentException}. */
    public static int requireWidth(int qwords) {
        if (!isWidth(qwords)) throw new IllegalArgumentException("an entry has 2, 4 or 8 qwords, not " + qwords);
        return qwords;
    }

    /** The number of qwords: 2, 4 or 8. */
    public int qwords() {
        return q.length;
    }

    public long qword(int i) {
        return q[i];
    }

    /** A copy of the qwords. */
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
        if (o.q.length != q.length) throw widthMismatch(o);
        long[] c = new long[q.length];
        for (int i = 0; i < c.length; i++) c[i] = q[i] & o.q[i];
        return new Entry(c);
    }

    public Entry or(Entry o) {
        if (o.q.length != q.length) throw widthMismatch(o);
        long[] c = new long[q.length];
        for (int i = 0; i < c.length; i++) c[i] = q[i] | o.q[i];
        return new Entry(c);
    }

    public Entry xor(Entry o) {
        if (o.q.length != q.length) throw widthMismatch(o);
        long[] c = new long[q.length];
        for (int i = 0; i < c.length; i++) c[i] = q[i] ^ o.q[i];
        return new Entry(c);
    }

    public Entry not() {
        long[] c = new long[q.length];
        for (int i = 0; i < c.length; i++) c[i] = ~q[i];
        return new Entry(c);
    }

    /** {@code this & ~mask}. */
    public Entry andNot(Entry mask) {
        if (mask.q.length != q.length) throw widthMismatch(mask);
        long[] c = new long[q.length];
        for (int i = 0; i < c.length; i++) c[i] = q[i] & ~mask.q[i];
        return new Entry(c);
    }

    /** True when this entry and {@code other} agree on every bit set in {@code mask}. */
    public boolean equalsOn(Entry other, Entry mask) {
        int n = q.length;
        if (other.q.length != n) throw widthMismatch(other);
        if (mask.q.length != n) throw widthMismatch(mask);
        for (int i = 0; i < n; i++) {
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
        if (from.q.length != q.length) throw widthMismatch(from);
        if (mask.q.length != q.length) throw widthMismatch(mask);
        long[] c = new long[q.length];
        for (int i = 0; i < c.length; i++) c[i] = (q[i] & ~mask.q[i]) | (from.q[i] & mask.q[i]);
        return new Entry(c);
    }

    /** The exception for {@code o} meeting this entry in one operation with another width: a caller's bug. */
    private IllegalArgumentException widthMismatch(Entry o) {
        return new IllegalArgumentException("entries of " + q.length + " and " + o.q.length + " qwords in one operation");
    }

    /** Equal entries have the same width and the same qwords. */
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
        StringBuilder sb = new StringBuilder(q.length * 19);
        for (int i = 0; i < q.length; i++) {
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
     * Parses the kernel's form: {@code qwords} hex qwords, qword 0 first, separated by spaces, commas or newlines (a
     * separator before the first or after the last is ignored); a {@code 0x} prefix is optional. Throws
     * {@link IllegalArgumentException} naming what was wrong, with the count found when it is not {@code qwords}.
     *
     * @param qwords the entry's width, 2, 4 or 8: its format's {@link dev.hitless.format.EntryFormat#qwords()}
     */
    public static Entry parse(String text, int qwords) {
        requireWidth(qwords);
        String t = text.replaceAll("^[\\s,]+|[\\s,]+$", "");
        String[] parts = t.isEmpty() ? new String[0] : t.split("[\\s,]+");
        if (parts.length != qwords) {
            throw new IllegalArgumentException("expected " + qwords + " hex qwords (qword 0 first), found " + parts.length);
        }
        long[] c = new long[qwords];
        for (int i = 0; i < qwords; i++) {
            String p = parts[i];
            String digits = p.startsWith("0x") || p.startsWith("0X") ? p.substring(2) : p;
            if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F')) {
                throw new IllegalArgumentException("qword " + i + ": expected up to 16 hex digits, found '" + p + "'");
            }
            c[i] = Long.parseUnsignedLong(digits, 16);
        }
        return new Entry(c);
    }
}
