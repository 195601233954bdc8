package dev.hitless.format;

import dev.hitless.entry.Entry;

/**
 * A named bit range {@code qword:hi:lo} of an entry, as the format's reference table names it.
 *
 * @param name the domain's name (PGTT, DID, FSPTPTR, S1ContextPtr, ...)
 * @param qword 0..7
 * @param hi highest bit, inclusive, 0..63
 * @param lo lowest bit, inclusive, 0..hi
 */
public record Field(String name, int qword, int hi, int lo) {

    public Field {
        if (qword < 0 || qword >= Entry.QWORDS || lo < 0 || hi > 63 || lo > hi) {
            throw new IllegalArgumentException("bad field " + name + " " + qword + ":" + hi + ":" + lo);
        }
    }

    public static Field bit(String name, int qword, int bit) {
        return new Field(name, qword, bit, bit);
    }

    public int width() {
        return hi - lo + 1;
    }

    /** The field's bits within its qword. */
    public long qwordMask() {
        return width() == 64 ? -1L : ((1L << width()) - 1) << lo;
    }

    /** The field's bits as an entry-wide mask. */
    public Entry mask() {
        return Entry.ZERO.withQword(qword, qwordMask());
    }

    /** The union of the fields' masks, e.g. the used bits of one configuration. */
    public static Entry masks(Field... fields) {
        Entry m = Entry.ZERO;
        for (Field f : fields) m = m.or(f.mask());
        return m;
    }

    /** Largest value the field holds (unsigned). */
    public long maxValue() {
        return width() == 64 ? -1L : (1L << width()) - 1;
    }

    /** The field's value in {@code e}, shifted down to bit 0. */
    public long get(Entry e) {
        return (e.qword(qword) & qwordMask()) >>> lo;
    }

    /** {@code e} with this field set to {@code value}; the value must fit the field. */
    public Entry set(Entry e, long value) {
        if (width() < 64 && (value >>> width()) != 0) {
            throw new IllegalArgumentException(name + " is " + width() + " bits wide; value " + Long.toUnsignedString(value) + " does not fit");
        }
        long q = (e.qword(qword) & ~qwordMask()) | (value << lo);
        return e.withQword(qword, q);
    }

    /** Where the field sits, as {@code q:hi:lo}. */
    public String position() {
        return hi == lo ? qword + ":" + lo : qword + ":" + hi + ":" + lo;
    }
}
