package dev.hitless.reader;

import dev.hitless.format.EntryFormat;

import java.util.List;
import java.util.Locale;

/**
 * What the hardware may do when it reads a live entry: the freedom the checker explores and the jcstress reader
 * actor exercises.
 *
 * <ul>
 *   <li>A fetch reads the entry in chunks of {@code chunkBits} (64, 128, 256 or 512); each chunk is read atomically,
 *       the chunks at different moments, so one fetch may straddle any number of CPU stores.</li>
 *   <li>{@link ChunkOrder}: in which order the chunks of one fetch are read.</li>
 *   <li>{@link Cache}: {@code NONE} may re-fetch at any moment (the strict default); {@code STICKY} fetches once after
 *       each sync and keeps that copy until the next sync.</li>
 *   <li>A fetch never straddles a completed sync: a sync that invalidates the entry waits for every fetch in flight.</li>
 * </ul>
 *
 * @param chunkBits atomic read width
 * @param order chunk order within one fetch
 * @param cache caching behaviour
 */
public record ReaderModel(int chunkBits, ChunkOrder order, Cache cache) {

    /** Order of the chunk reads of one fetch. */
    public enum ChunkOrder { ANY, ASCENDING, DESCENDING }

    /** Whether the hardware keeps a fetched copy until a sync. */
    public enum Cache { NONE, STICKY }

    /** The names of the presets, in table order. */
    public static final List<String> PRESETS = List.of("strict", "ascending", "sticky");

    public ReaderModel {
        if (chunkBits != 64 && chunkBits != 128 && chunkBits != 256 && chunkBits != 512) {
            throw new IllegalArgumentException("chunk size must be 64, 128, 256 or 512 bits, got " + chunkBits);
        }
    }

    /** Chunks per 512-bit entry. */
    public int chunks() {
        return 512 / chunkBits;
    }

    /** The strict default for a format: its hardware chunk size, any order, no cache. */
    public static ReaderModel strict(EntryFormat format) {
        return new ReaderModel(format.defaultChunkBits(), ChunkOrder.ANY, Cache.NONE);
    }

    /**
     * A preset for a format: {@code strict} (any order, no cache), {@code ascending} (chunks in address order, no
     * cache) or {@code sticky} (any order, keeps its copy until a sync), all with the format's chunk size.
     */
    public static ReaderModel preset(String name, EntryFormat format) {
        int bits = format.defaultChunkBits();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "strict" -> new ReaderModel(bits, ChunkOrder.ANY, Cache.NONE);
            case "ascending" -> new ReaderModel(bits, ChunkOrder.ASCENDING, Cache.NONE);
            case "sticky" -> new ReaderModel(bits, ChunkOrder.ANY, Cache.STICKY);
            default -> throw new IllegalArgumentException("unknown reader preset '" + name + "'; expected one of " + String.join(", ", PRESETS));
        };
    }

    /** Short form for tables: {@code 128b/any/none}. */
    public String label() {
        return chunkBits + "b/" + order.name().toLowerCase(Locale.ROOT) + "/" + cache.name().toLowerCase(Locale.ROOT);
    }
}
