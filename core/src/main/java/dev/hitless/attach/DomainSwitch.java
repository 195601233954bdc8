package dev.hitless.attach;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;

import java.util.Optional;

/**
 * One replace seen by the cache-tag model: the old entry (the old domain's configuration) and the new one, the cache
 * tag each carries, whether each translates through a page table, and the entry of every configuration an
 * {@link AttachSequence} may pass through (tag x table).
 *
 * <p>Tags. The tag of an entry is {@link EntryFormat#cacheTag}: the value of its format's tag field when the entry
 * uses that field (for an STE, only at stage 2), else unknown. When both entries carry the same known value, the old and the new tag
 * are one ({@link #sharesTag()}): the IOTLB keys translations of both tables by it, which is the January 2026 case
 * "the IOTLB may hold translations of both tables under one tag". The temporary tag is {@link #temporaryTag}. Tables. A domain translates when its entry uses a pointer field (a table walk); a
 * domain that does not (bypass, abort, pass-through) has no page an unmapper can unmap and caches nothing.
 */
public final class DomainSwitch {
    private final EntryFormat format;
    private final Entry oldEntry;
    private final Entry newEntry;
    private final Optional<Field> tagField;
    private final Optional<Long> oldTag;
    private final Optional<Long> newTag;
    private final long tempTag;
    /** Whether each domain's entry walks a table, by {@link Domain#ordinal()}: asked per point of every program. */
    private final boolean[] translates = new boolean[2];

    private DomainSwitch(EntryFormat format, Entry oldEntry, Entry newEntry) {
        this.format = format;
        this.oldEntry = oldEntry;
        this.newEntry = newEntry;
        this.tagField = format.cacheTagField();
        this.oldTag = tagOf(oldEntry);
        this.newTag = tagOf(newEntry);
        this.tempTag = tagField.map(f -> temporaryTag(format, f, oldEntry, newEntry)).orElse(0L);
        for (Domain d : Domain.values()) {
            Entry used = format.usedBits(d == Domain.OLD ? oldEntry : newEntry);
            for (Field p : format.pointerFields()) if (p.intersects(used)) translates[d.ordinal()] = true;
        }
    }

    public static DomainSwitch of(EntryFormat format, Entry oldEntry, Entry newEntry) {
        return new DomainSwitch(format, oldEntry, newEntry);
    }

    public EntryFormat format() {
        return format;
    }

    private Optional<Long> tagOf(Entry e) {
        return format.cacheTag(e);
    }

    /**
     * The temporary tag value of a replace, the one rule for it (the synthesiser's routes take it too): one more than
     * the largest value the two entries and the format's catalogue hold in the tag field, so that no configuration in
     * sight shares it, or, when that does not fit the field, one less than the smallest.
     */
    public static long temporaryTag(EntryFormat format, Field tag, Entry current, Entry target) {
        long max = Math.max(tag.get(current), tag.get(target)), min = Math.min(tag.get(current), tag.get(target));
        for (var c : format.catalogue()) {
            max = Math.max(max, tag.get(c.entry()));
            min = Math.min(min, tag.get(c.entry()));
        }
        return max < tag.maxValue() ? max + 1 : min - 1;
    }

    /** True when the old and the new entry carry the same tag value: OLD and NEW are one tag slot. */
    public boolean sharesTag() {
        return oldTag.isPresent() && oldTag.equals(newTag);
    }

    /** The slot a tag occupies in {@link TranslationMemory}: 0 old, 1 new (0 when {@link #sharesTag()}), 2 temporary. */
    public int slot(TagId t) {
        return switch (t) {
            case OLD -> 0;
            case NEW -> sharesTag() ? 0 : 1;
            case TEMP -> 2;
        };
    }

    /** The value a tag stands for in an entry, when known: e.g. {@code DID 5}. */
    public Optional<Long> tagValue(TagId t) {
        return switch (t) {
            case OLD -> oldTag;
            case NEW -> newTag;
            case TEMP -> tagField.isPresent() ? Optional.of(tempTag) : Optional.empty();
        };
    }

    /** A tag as a kernel developer reads it: {@code DID 5 (old)}, or {@code the old ASID (in the CD)} when unknown. */
    public String describe(TagId t) {
        return tagValue(t).map(v -> tagText(v) + " (" + t.label() + ")").orElse("the " + t.label() + " domain's tag (not in this entry)");
    }

    /** A tag value as the entry's decoding prints it, e.g. {@code DID 0x6}. */
    public String tagText(long value) {
        return format.formatValue(tagField.orElseThrow(), value).replaceFirst("=", " ");
    }

    /** Whether {@code d}'s configuration walks a page table (uses a pointer field). */
    public boolean translates(Domain d) {
        return translates[d.ordinal()];
    }

    /**
     * The entry of the configuration that carries {@code tag} and points at {@code table}'s page table: the old or the
     * new entry, with the tag field rewritten when the tag is not the entry's own.
     *
     * @throws IllegalArgumentException when the entry carries no tag field to rewrite
     */
    public Entry entryOf(TagId tag, Domain table) {
        Entry base = table == Domain.OLD ? oldEntry : newEntry;
        Optional<Long> own = table == Domain.OLD ? oldTag : newTag;
        Optional<Long> want = tagValue(tag);
        if (want.isPresent() && want.equals(own)) return base;
        if (tag == (table == Domain.OLD ? TagId.OLD : TagId.NEW)) return base;
        if (want.isEmpty() || own.isEmpty()) {
            throw new IllegalArgumentException("the " + format.name() + " entry of the " + table.label() + " domain carries no cache tag"
                    + tagField.map(f -> " (" + f.name() + " unused)").orElse("") + ", so it cannot be moved to the " + tag.label() + " tag;"
                    + " a sequence that switches tag and table separately needs " + tagField.map(Field::name).orElse("a tag field") + " in both entries");
        }
        return tagField.get().set(base, want.get());
    }

    /** A configuration: the tag an entry carries and the domain whose table it points at. */
    public record Config(TagId tag, Domain table) {
    }

    /**
     * Which of {@code candidates} a fetched entry is, if any: the one whose used bits it carries exactly (the same
     * used bits, with the same values), as the device would act on it. Empty for a non-present entry and for a torn
     * one (which the entry checker reports as TORN): neither makes a translation in the cache-tag model.
     */
    public java.util.Optional<Config> configOf(Entry observed, java.util.List<Config> candidates) {
        if (!format.isPresent(observed)) return java.util.Optional.empty();
        Entry used = format.usedBits(observed);
        for (Config c : candidates) {
            Entry e = entryOf(c.tag(), c.table());
            if (format.usedBits(e).equals(used) && e.and(used).equals(observed.and(used))) return java.util.Optional.of(c);
        }
        return java.util.Optional.empty();
    }
}
