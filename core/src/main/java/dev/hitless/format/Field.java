package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A named bit range {@code qword:hi:lo} of an entry, as the format's reference table names it.
 *
 * @param name the domain's name (PGTT, DID, FSPTPTR, S1ContextPtr, ...)
 * @param qword 0..7; below the width of every format that declares the field ({@link TableFormat} checks)
 * @param hi highest bit, inclusive, 0..63
 * @param lo lowest bit, inclusive, 0..hi
 * @param address true for a pointer field that holds address bits {@code hi..lo} in place: it prints as the address
 *                ({@code value << lo}), the way a kernel developer knows the page-table or context-table pointer
 * @param values the field's named values, value to name as the reference spells it (PGTT 1 = {@code FL}, Config
 *               0b101 = {@code S1_TRANS}), in value order; empty for plain numbers. The one table of these names:
 *               decoding prints them, the configuration syntax accepts them (lower-case) for a parameter that
 *               writes the field ({@link ConfigKind.Param#named})
 */
public record Field(String name, int qword, int hi, int lo, boolean address, Map<Long, String> values) {

    public Field(String name, int qword, int hi, int lo) {
        this(name, qword, hi, lo, false, Map.of());
    }

    public Field(String name, int qword, int hi, int lo, boolean address) {
        this(name, qword, hi, lo, address, Map.of());
    }

    /** A pointer field holding address bits {@code hi..lo} in place. */
    public static Field address(String name, int qword, int hi, int lo) {
        return new Field(name, qword, hi, lo, true);
    }

    public Field {
        if (qword < 0 || qword >= Entry.MAX_QWORDS || lo < 0 || hi > 63 || lo > hi) {
            throw new IllegalArgumentException("bad field " + name + " " + qword + ":" + hi + ":" + lo);
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<Long, String> v : values.entrySet()) {
            int width = hi - lo + 1;
            if (width < 64 && (v.getKey() >>> width) != 0 || !seen.add(v.getValue().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("bad value name " + name + "=" + v.getKey() + "(" + v.getValue() + ")");
            }
        }
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** This field with named values (value to name), e.g. PGTT's {@code 1 = FL, 2 = SL, 3 = NESTED, 4 = PT}. */
    public Field named(Map<Long, String> names) {
        return new Field(name, qword, hi, lo, address, names);
    }

    /** The name of {@code value} where the field has one ({@code FL} for PGTT 1), else empty. */
    public Optional<String> valueName(long value) {
        return Optional.ofNullable(values.get(value));
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

    /**
     * The field's bits as a mask over an entry of {@code qwords} qwords, its format's width ({@link
     * EntryFormat#mask(Field...)} is the usual way to ask).
     */
    public Entry mask(int qwords) {
        return Entry.zero(qwords).withQword(qword, qwordMask());
    }

    /** True when {@code bits} (a mask over an entry, e.g. its used bits) has any of this field's bits set. */
    public boolean intersects(Entry bits) {
        return (bits.qword(qword) & qwordMask()) != 0;
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
