package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.ArrayList;
import java.util.List;

/**
 * What every entry format written as a table of fields shares, held once: name, title, width, fields, valid bit,
 * default chunk size, configuration kinds and catalogue. A format says only what is its own: its {@link Field}s (with their
 * named values), its {@link #usedBits} rule, its {@link #updateSafeBits} rule where it has one, its kinds and its
 * catalogue. Layouts and rules of the built-in formats: docs/entry-formats.md.
 *
 * <p>The catalogue is given as a two-column table, name and spec, and built here from the kinds with
 * {@link ConfigSyntax#parseKind}, so every catalogue spec provably reproduces its entry.
 */
public abstract class TableFormat implements EntryFormat {
    private final String name;
    private final String title;
    private final int qwords;
    private final List<Field> fields;
    private final Field validBit;
    private final int defaultChunkBits;
    private final List<ConfigKind> kinds;
    private final List<NamedConfig> catalogue;

    /**
     * @param name the command-line name ({@code vtd-pasid})
     * @param title one line for humans
     * @param qwords the entry's width in qwords, 2, 4 or 8; every field must lie inside it
     * @param fields every field, in qword then bit order
     * @param validBit P or V; one of {@code fields}
     * @param defaultChunkBits the hardware's fetch granularity the reader model uses by default: 64 bits up to the
     *                         whole entry
     * @param kinds the configuration kinds
     * @param catalogue one configuration a line: its name, blanks, the spec that builds it from {@code kinds}
     *                  ({@code kind[:param=value,...]}, no blanks); blank lines are skipped
     */
    protected TableFormat(String name, String title, int qwords, List<Field> fields, Field validBit,
                          int defaultChunkBits, List<ConfigKind> kinds, String catalogue) {
        Entry.requireWidth(qwords);
        if (!fields.contains(validBit)) throw new IllegalArgumentException(name + ": valid bit is not a field");
        for (Field f : fields) {
            if (f.qword() >= qwords) {
                throw new IllegalArgumentException(name + ": field " + f.name() + " at " + f.position() + " lies outside the "
                        + qwords + "-qword entry");
            }
        }
        if (defaultChunkBits < 64 || defaultChunkBits > qwords * 64 || Integer.bitCount(defaultChunkBits) != 1) {
            throw new IllegalArgumentException(name + ": a default chunk of 64 bits up to the " + qwords * 64
                    + "-bit entry, not " + defaultChunkBits);
        }
        this.name = name;
        this.title = title;
        this.qwords = qwords;
        this.fields = List.copyOf(fields);
        this.validBit = validBit;
        this.defaultChunkBits = defaultChunkBits;
        this.kinds = List.copyOf(kinds);
        // parseKind reads only name() and configKinds(), both final and set above: safe while still constructing.
        List<NamedConfig> built = new ArrayList<>();
        for (String line : catalogue.strip().split("\\R")) {
            if (line.isBlank()) continue;
            String[] nameAndSpec = line.strip().split("\\s+");
            if (nameAndSpec.length != 2) throw new IllegalArgumentException(name + " catalogue line '" + line + "': expected name spec");
            built.add(new NamedConfig(nameAndSpec[0], nameAndSpec[1], ConfigSyntax.parseKind(this, nameAndSpec[1])));
        }
        this.catalogue = List.copyOf(built);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final int qwords() {
        return qwords;
    }

    @Override
    public final List<Field> fields() {
        return fields;
    }

    @Override
    public final Field validBit() {
        return validBit;
    }

    @Override
    public abstract Entry usedBits(Entry e);

    @Override
    public final int defaultChunkBits() {
        return defaultChunkBits;
    }

    @Override
    public final List<ConfigKind> configKinds() {
        return kinds;
    }

    @Override
    public final List<NamedConfig> catalogue() {
        return catalogue;
    }

    @Override
    public final Entry parseConfig(String spec) {
        return ConfigSyntax.parse(this, spec);
    }
}
