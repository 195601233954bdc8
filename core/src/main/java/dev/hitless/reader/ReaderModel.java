package dev.hitless.reader;

import dev.hitless.format.EntryFormat;

import java.util.List;
import java.util.Locale;

/**
 * The parameters of the {@linkplain dev.hitless.reader reader's contract}: what the hardware may do when it reads a
 * live entry.
 *
 * @param chunkBits atomic read width: 64, 128, 256 or 512, at most the entry's width ({@link #chunks(EntryFormat)}
 *                  checks; a chunk as wide as the whole entry is one atomic read of it)
 * @param order chunk order within one fetch
 * @param cache caching behaviour
 * @param visibility the order in which the writer's stores reach the device
 */
public record ReaderModel(int chunkBits, ChunkOrder order, Cache cache, Visibility visibility) {

    /** Order of the chunk reads of one fetch. */
    public enum ChunkOrder { ANY, ASCENDING, DESCENDING }

    /** Whether the hardware keeps a fetched copy until an entry sync. */
    public enum Cache { NONE, STICKY }

    /** The names of the presets every format has, in table order. */
    public static final List<String> PRESETS = List.of("strict", "ascending", "sticky");

    /**
     * The presets a matrix runs for {@code format} by default: {@link #PRESETS}, then one {@code strict-N} per chunk
     * width of the format's {@linkplain EntryFormat#whatIfChunkBits() what-if readers} (AMD-Vi: {@code strict-128},
     * {@code strict-64}, readers that fetch the DTE in pieces instead of one 256-bit read), leaving out a preset that
     * reads exactly as an earlier one does: with one chunk per fetch there is no chunk order, so {@code ascending} is
     * {@code strict} on a format read as one whole-entry chunk. The matrix, c-check and the stress suite all take it.
     */
    public static List<String> presets(EntryFormat format) {
        List<String> all = new java.util.ArrayList<>(PRESETS);
        for (int bits : format.whatIfChunkBits()) all.add("strict-" + bits);
        // a preset that reads as an earlier one does is left out: with one chunk for the whole entry the chunk order
        // means nothing, so ascending is strict (AMD-Vi's DTE, one 256-bit read)
        List<String> out = new java.util.ArrayList<>();
        java.util.Set<ReaderModel> seen = new java.util.HashSet<>();
        for (String p : all) {
            ReaderModel m = preset(p, format);
            ReaderModel reads = m.chunks(format) == 1 ? new ReaderModel(m.chunkBits, ChunkOrder.ANY, m.cache, m.visibility) : m;
            if (seen.add(reads)) out.add(p);
        }
        return out.equals(PRESETS) ? PRESETS : List.copyOf(out);
    }

    public ReaderModel {
        if (chunkBits != 64 && chunkBits != 128 && chunkBits != 256 && chunkBits != 512) {
            throw new IllegalArgumentException("chunk size must be 64, 128, 256 or 512 bits, got " + chunkBits);
        }
        if (order == null || cache == null || visibility == null) throw new IllegalArgumentException("a reader model needs every component");
    }

    /** A reader that sees stores in program order ({@link Visibility#IN_ORDER}). */
    public ReaderModel(int chunkBits, ChunkOrder order, Cache cache) {
        this(chunkBits, order, cache, Visibility.IN_ORDER);
    }

    /** This model with another visibility. */
    public ReaderModel withVisibility(Visibility v) {
        return new ReaderModel(chunkBits, order, cache, v);
    }

    /**
     * Chunks per entry of {@code format}: its {@linkplain EntryFormat#qwords() width} over {@link #chunkBits}, 1 when
     * the chunk is the whole entry.
     *
     * @throws IllegalArgumentException when the chunk is wider than the entry (a one-line message naming both)
     */
    public int chunks(EntryFormat format) {
        return chunks(format.qwords(), format.name() + " ");
    }

    /** {@link #chunks(EntryFormat)} for an entry of {@code qwords} qwords, whatever its format. */
    public int chunks(int qwords) {
        return chunks(qwords, "");
    }

    private int chunks(int qwords, String formatName) {
        int bits = qwords * 64;
        if (chunkBits > bits) {
            throw new IllegalArgumentException("a " + chunkBits + "-bit chunk is wider than the " + bits + "-bit "
                    + formatName + "entry; expected a chunk of 64 up to " + bits + " bits");
        }
        return bits / chunkBits;
    }


    /** The strict default for a format: its hardware chunk size and visibility, any order, no cache. */
    public static ReaderModel strict(EntryFormat format) {
        return preset("strict", format);
    }

    /**
     * A preset for a format: {@code strict} (any order, no cache), {@code ascending} (chunks in address order, no
     * cache) or {@code sticky} (any order, keeps its copy until a sync), all with the format's chunk size and
     * {@linkplain Visibility#defaultFor default visibility}.
     */
    public static ReaderModel preset(String name, EntryFormat format) {
        return preset(name, format, Visibility.defaultFor(format));
    }

    /** A {@linkplain #preset(String, EntryFormat) preset} under the given visibility. */
    public static ReaderModel preset(String name, EntryFormat format, Visibility v) {
        int bits = format.defaultChunkBits();
        String n = name; // exact: one case rule for every option value
        if (n.startsWith("strict-")) { // a strict reader with another chunk width: strict-128, strict-64
            String w = n.substring("strict-".length());
            if (!w.matches("64|128|256|512")) {
                throw new IllegalArgumentException("unknown reader preset '" + name + "'; strict-N takes N = 64, 128, 256 or 512");
            }
            return new ReaderModel(Integer.parseInt(w), ChunkOrder.ANY, Cache.NONE, v);
        }
        return switch (n) {
            case "strict" -> new ReaderModel(bits, ChunkOrder.ANY, Cache.NONE, v);
            case "ascending" -> new ReaderModel(bits, ChunkOrder.ASCENDING, Cache.NONE, v);
            case "sticky" -> new ReaderModel(bits, ChunkOrder.ANY, Cache.STICKY, v);
            default -> throw new IllegalArgumentException("unknown reader preset '" + name + "'; expected one of "
                    + String.join(", ", PRESETS) + " or strict-N (N = 64, 128, 256, 512)");
        };
    }

    /** Short form for tables: {@code 128b/any/none/in-order}. */
    public String label() {
        return chunkBits + "b/" + order.name().toLowerCase(Locale.ROOT) + "/" + cache.name().toLowerCase(Locale.ROOT)
                + "/" + visibility.label();
    }
}
