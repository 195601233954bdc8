package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One IOMMU entry layout: its named fields, which bits the hardware reads for a given entry ("used bits"),
 * which bits may change under a live reader ("update-safe bits"), the valid/present test, and the configuration
 * kinds a driver writes. The built-in formats extend {@link TableFormat}; their layouts and rules are described in
 * docs/entry-formats.md.
 *
 * <p>Invariant the whole harness relies on: {@link #usedBits(Entry)} is a function of the entry it is given,
 * never of some other entry. A reader that observed a mix of old and new qwords is judged by what the
 * hardware would make of that mix.
 */
public interface EntryFormat {

    /** Short name used on the command line: {@code vtd-pasid}, {@code smmu-ste}, {@code smmu-cd}. */
    String name();

    /** One line for humans, e.g. "Intel VT-d scalable-mode PASID table entry". */
    String title();

    /**
     * The entry's width in qwords, 2, 4 or 8 ({@link Entry#isWidth}): every entry of this format, and every mask over
     * one, has exactly this many qwords, and every field lies inside them. VT-d PASID entries, SMMUv3 STEs and CDs
     * are 8; an AMD-Vi Device Table Entry is 4; a VT-d context entry is 2.
     */
    int qwords();

    /** The entry of this format's width with every bit clear. */
    default Entry zero() {
        return Entry.zero(qwords());
    }

    /** The entry of this format's width with every bit set. */
    default Entry ones() {
        return Entry.ones(qwords());
    }

    /** The union of {@code fields}' bits, a mask over this format's entry: e.g. the used bits of one configuration. */
    default Entry mask(Field... fields) {
        long[] m = new long[qwords()];
        for (Field f : fields) m[f.qword()] |= f.qwordMask();
        return Entry.of(m);
    }

    /** Every field of the reference table, in qword then bit order. */
    List<Field> fields();

    /** P (VT-d) or V (SMMUv3): the bit whose clearing makes the hardware ignore the entry. */
    Field validBit();

    /**
     * The bit whose clearing makes the entry {@linkplain Passage#BLOCKED block} DMA: the breaking path's "clear"
     * store. The {@linkplain #validBit() valid bit} by default (VT-d, SMMUv3); a format whose non-valid entries let
     * DMA through untranslated names another (AMD-Vi: TV, since V=0 passes DMA untranslated).
     */
    default Field blockBit() {
        return validBit();
    }

    /** The bits the hardware reads when it interprets {@code e}, as decided by {@code e}'s own configuration. */
    Entry usedBits(Entry e);

    /**
     * Bits that may change while the hardware uses them, without a break, when moving from {@code current} to
     * {@code target} (the driver's {@code get_update_safe}). Raw: callers intersect with both entries' used
     * bits, as the driver does. Formats without such bits return {@link #zero()}.
     */
    default Entry updateSafeBits(Entry current, Entry target) {
        return zero();
    }

    /**
     * The update-safe bits of the transition {@code current -> target} as the driver uses them:
     * {@code updateSafeBits(current, target) & used(current) & used(target)}. The one definition the oracle, the
     * used-bits algorithm and the mutant report share.
     */
    default Entry transitionSafeBits(Entry current, Entry target) {
        return updateSafeBits(current, target).and(usedBits(current)).and(usedBits(target));
    }

    /** True when the hardware treats {@code e} as present/valid. */
    default boolean isPresent(Entry e) {
        return validBit().get(e) != 0;
    }

    /**
     * What {@code e} lets the device's DMA do when it is no configuration the hardware translates with: by default a
     * present entry is {@link Passage#TRANSLATED} and a non-present one {@link Passage#BLOCKED} (VT-d, SMMUv3). A
     * format whose non-present entries pass DMA untranslated, or whose present entries may block, says so here,
     * beside its {@link #usedBits}. Invariant: a function of {@code e.and(usedBitsDependOn())}, like the used bits.
     */
    default Passage passage(Entry e) {
        return isPresent(e) ? Passage.TRANSLATED : Passage.BLOCKED;
    }

    /**
     * True when some entry of this format is {@link Passage#UNTRANSLATED}: reports then show the UNTRANSLATED verdict
     * for this format (and leave it out for the others, whose output stays as it was).
     */
    default boolean passesUntranslated() {
        return false;
    }

    /**
     * One line on which entries block and which let DMA through untranslated, and what that rests on, for a format
     * whose rule is not simply "not present blocks"; reports print it beside the visibility. Empty by default.
     */
    default Optional<String> passageNote() {
        return Optional.empty();
    }

    /**
     * The bits {@link #usedBits} reads: {@code usedBits(e)} is a function of {@code e.and(usedBitsDependOn())}, and
     * the {@linkplain #validBit() valid bit} is among them. The checker branches on these bits only and judges every
     * other bit chunk by chunk. The default, every bit, is always correct.
     */
    default Entry usedBitsDependOn() {
        return ones();
    }

    /**
     * The fields that hold the address of a table the hardware walks (S1ContextPtr, S2TTB, TTB0, FSPTPTR, ...): a
     * driver writes the table before it makes an entry point at it. By default the {@linkplain Field#address()
     * address fields}.
     */
    default List<Field> pointerFields() {
        return fields().stream().filter(Field::address).toList();
    }

    /**
     * The architecture of the CPUs that write this format's entries: x86 for VT-d and AMD-Vi, ARMV8 for SMMUv3, RISCV for the
     * RISC-V IOMMU. It decides the
     * default visibility of its reader presets ({@link dev.hitless.reader.Visibility#defaultFor}).
     */
    Platform platform();

    /**
     * The field that carries the cache tag the IOMMU keys this entry's translations by, when the entry carries one:
     * VT-d DID, SMMUv3 CD ASID, SMMUv3 STE S2VMID (a stage-1 STE's tag, the ASID, sits in the CD, not here). An entry
     * carries the tag when it {@linkplain #usedBits uses} the field. Read by the cache-tag model
     * ({@link dev.hitless.attach.DomainSwitch}).
     */
    default Optional<Field> cacheTagField() {
        return Optional.empty();
    }

    /**
     * The cache tag {@code e}'s translations are keyed by, when the entry carries it: by default the
     * {@linkplain #cacheTagField() tag field}'s value when {@code e} uses the field.
     */
    default Optional<Long> cacheTag(Entry e) {
        return cacheTagField().filter(f -> f.intersects(usedBits(e))).map(f -> f.get(e));
    }

    /** The hardware's fetch granularity that the reader model uses by default: 64 (SMMUv3) or 128 (VT-d). */
    int defaultChunkBits();

    /**
     * Chunk widths of the what-if readers a matrix runs for this format besides its presets, narrowest last: readers
     * that break the hardware's documented fetch into pieces (AMD-Vi's DTE, documented as one 256-bit read: 128 and
     * 64). Empty by default.
     */
    default List<Integer> whatIfChunkBits() {
        return List.of();
    }

    /** The configuration kinds this format can build, for the text syntax and the catalogue. */
    List<ConfigKind> configKinds();

    /** Named configurations whose ordered pairs cover the interesting transitions. */
    List<NamedConfig> catalogue();

    /**
     * A symbolic name for a field value where the field has one (PGTT=FL, Config=S1_TRANS), else empty: the field's
     * own table, {@link Field#values()}.
     */
    default Optional<String> valueName(Field f, long value) {
        return f.valueName(value);
    }

    default Optional<Field> field(String name) {
        return fields().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Parses the text syntax {@code kind:param=value,...}, a catalogue name or {@link #qwords()} hex qwords; see
     * {@link ConfigSyntax}. An {@link IllegalArgumentException} whose message is one line says what was wrong.
     */
    Entry parseConfig(String spec);

    /** Every field with a non-zero value, by name, e.g. {@code P=1 PGTT=1(FL) DID=0x5}. */
    default String decode(Entry e) {
        List<String> parts = new ArrayList<>();
        for (Field f : fields()) {
            long v = f.get(e);
            if (v != 0) parts.add(formatValue(f, v));
        }
        return parts.isEmpty() ? "(all zero)" : String.join(" ", parts);
    }

    /** {@code NAME=value}: hex for wide fields, the address for pointer fields, the symbolic name where there is one. */
    default String formatValue(Field f, long v) {
        String num = f.address() ? "0x" + Long.toHexString(v << f.lo())
                : f.width() <= 3 ? Long.toString(v) : "0x" + Long.toHexString(v);
        return f.name() + "=" + num + valueName(f, v).map(n -> "(" + n + ")").orElse("");
    }
}
