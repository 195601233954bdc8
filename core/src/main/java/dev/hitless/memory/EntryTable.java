package dev.hitless.memory;

import dev.hitless.entry.Entry;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A table of IOMMU entries of one width in off-heap memory: {@link #qwords()} qwords per entry (2, 4 or 8: 16, 32 or
 * 64 bytes, the width of the entries' format, never padded), each entry aligned to its size, as a driver's PASID,
 * stream or device table is. The table owns a shared {@link Arena}: memory lives until {@link #close()}, and any
 * thread may access it until then.
 *
 * <h2>Access modes (the contract, stated once)</h2>
 * Qword accessors name their Java memory-model mode in the method name; every qword is 8-byte aligned, so every
 * mode below is single-copy atomic for 64 bits (the JVM guarantees this for aligned long access through a
 * {@link VarHandle}, like the CPU does for an aligned {@code u64}).
 * <ul>
 *   <li>{@code loadPlain}/{@code storePlain}: no ordering; only for set-up before threads start.</li>
 *   <li>{@code loadOpaque}/{@code storeOpaque}: coherent, never torn, not reordered with other opaque accesses to
 *       the same qword (the kernel's {@code READ_ONCE}/{@code WRITE_ONCE}).</li>
 *   <li>{@code storeRelease} pairs with {@code loadAcquire}: everything written before the release store is
 *       visible to a thread whose acquire load sees it.</li>
 *   <li>{@code loadVolatile}/{@code storeVolatile}: sequentially consistent.</li>
 * </ul>
 *
 * <h2>Atomic chunks wider than 64 bits (emulated)</h2>
 * The CPU stores at most 64 bits atomically (128 with {@code cmpxchg16b}) and VT-d hardware fetches 128-bit chunks;
 * Java has no 128-bit atomic access. The table therefore emulates wide atomicity with a sequence lock per 128-bit
 * chunk ({@code qwords / 2} per entry, kept in a parallel segment so entries stay densely packed like a real table):
 * <ul>
 *   <li>Writers go through {@link #writeWord32}, {@link #writeQword} and {@link #writeChunk128}, and every store
 *       moves its chunk's sequence on by 2. A 128-bit store makes the sequence odd first, stores both qwords, then
 *       makes it even again (release): it is atomic to every chunk reader, who waits while the sequence is odd. A
 *       32- or 64-bit store is single-copy atomic by itself, so it needs no odd phase: it stores the data (release:
 *       after every earlier store of the writer, the previous sequence steps included) and then the sequence + 2
 *       (release: after the data). A reader whose chunk mixes a value from after such a store with one from before
 *       it sees the step in its re-read (a later store is ordered after the step, and the reader re-reads the
 *       sequences after its data loads), so it retries; what it accepts is the chunk as it was at one instant. Two
 *       stores per 64-bit store instead of three, and no waiting for it: in the race every store to the sequence
 *       words takes their cache line from the reading core.</li>
 *   <li>Readers call {@link #readQword} (64-bit chunk: an acquire load checked against its 128-bit chunk's sequence,
 *       so a 128-bit store is whole even to two successive 64-bit reads) or {@link #readChunk} for 128 bits up to
 *       the whole entry: read the sequences of every 128-bit chunk covered, read the qwords, re-read the sequences; retry
 *       until all were even and unchanged. The result is a snapshot of the chunk at one instant.</li>
 * </ul>
 * <h2>Tables behind the pointers (emulated)</h2>
 * An entry's pointer fields (S2TTB, S1ContextPtr, FSPTPTR, ...) name tables the hardware walks after it fetches the
 * entry. The stress suites do not need the tables' contents, only whether their initialisation is visible yet, so
 * each entry has {@value #TABLES} <em>table words</em> in a third segment, one per table the driver initialises
 * before an update ({@link dev.hitless.reader.TableInit} numbers them): {@link #resetTablesPlain} makes them all
 * uninitialised before a race, the writer's {@link #storeTableInitialised} is the driver's initialisation (one
 * release store, ordered after every earlier store of the writer like an entry store), and the reader's
 * {@link #initialisedTables} (acquire loads, after its chunk reads) is the hardware's walk.
 *
 * <p>Invariant relied on: one writer per entry at a time (a driver holds the table lock while it updates an entry).
 * Cost: a chunk-aware 64-bit write is two ordered stores instead of one (a 128-bit one four instead of two); a chunk read is at least two extra loads and may
 * retry while a writer is inside the chunk. The benchmark {@code MachineryBench} measures both against a
 * {@code long[8]}.
 *
 * <p>Callers keep every qword and chunk index inside the entry: the writers do not check (a {@link
 * dev.hitless.plan.Plan} keeps its stores inside its format's entry, and the tables are sized by that format), the
 * readers do ({@link #readChunk}).
 */
public final class EntryTable implements AutoCloseable {
    /** Table words per entry: at most this many tables behind one entry's pointer fields (formats have up to 2). */
    public static final int TABLES = 4;
    private static final int TABLE_BYTES = TABLES * Long.BYTES;
    /** A table word's value once the table's initialisation has been stored (0: uninitialised). */
    private static final long INITIALISED = 1;

    /** Alignment of the sequence and table-word segments. */
    private static final long CACHE_LINE = 64;

    private static final VarHandle QWORD = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();
    /** Byte offset of a qword's low 32-bit half within it: 0 on a little-endian machine, 4 on a big-endian one. */
    private static final long LOW_HALF = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0 : 4;

    private final Arena arena;
    private final MemorySegment entries;
    private final MemorySegment seqs;
    private final MemorySegment tables;
    private final int size;
    private final int qwords;
    /** Bytes per entry ({@code qwords * 8}), also its alignment. */
    private final long entryBytes;
    /** Bytes of sequence words per entry: one 8-byte sequence per 128-bit chunk. */
    private final long seqBytes;

    private EntryTable(int size, int qwords) {
        if (size <= 0) throw new IllegalArgumentException("table size must be positive, got " + size);
        this.size = size;
        this.qwords = Entry.requireWidth(qwords);
        this.entryBytes = (long) qwords * Long.BYTES;
        this.seqBytes = (long) (qwords / 2) * Long.BYTES;
        this.arena = Arena.ofShared();
        this.entries = arena.allocate(size * entryBytes, entryBytes);
        this.seqs = arena.allocate(size * seqBytes, CACHE_LINE);
        this.tables = arena.allocate((long) size * TABLE_BYTES, CACHE_LINE);
    }

    /**
     * A zeroed table of {@code size} entries of {@code qwords} qwords (2, 4 or 8: the format's {@link
     * dev.hitless.format.EntryFormat#qwords()}) in a new shared arena.
     */
    public static EntryTable allocate(int size, int qwords) {
        return new EntryTable(size, qwords);
    }

    public int size() {
        return size;
    }

    /** Qwords per entry: 2, 4 or 8. */
    public int qwords() {
        return qwords;
    }

    /** The entries' memory, for tests that check alignment and layout. */
    public MemorySegment segment() {
        return entries;
    }

    private long offset(int slot, int qword) {
        return slot * entryBytes + (long) qword * Long.BYTES;
    }

    // ---- single qwords, named access modes -------------------------------------------------------------------

    public long loadPlain(int slot, int qword) {
        return (long) QWORD.get(entries, offset(slot, qword));
    }

    public void storePlain(int slot, int qword, long v) {
        QWORD.set(entries, offset(slot, qword), v);
    }

    public long loadOpaque(int slot, int qword) {
        return (long) QWORD.getOpaque(entries, offset(slot, qword));
    }

    public void storeOpaque(int slot, int qword, long v) {
        QWORD.setOpaque(entries, offset(slot, qword), v);
    }

    public long loadAcquire(int slot, int qword) {
        return (long) QWORD.getAcquire(entries, offset(slot, qword));
    }

    public void storeRelease(int slot, int qword, long v) {
        QWORD.setRelease(entries, offset(slot, qword), v);
    }

    public long loadVolatile(int slot, int qword) {
        return (long) QWORD.getVolatile(entries, offset(slot, qword));
    }

    public void storeVolatile(int slot, int qword, long v) {
        QWORD.setVolatile(entries, offset(slot, qword), v);
    }

    // ---- whole entries, for set-up and final checks (not atomic) ---------------------------------------------

    /**
     * Writes every qword with plain stores and resets the chunk sequences. Not for use under readers.
     *
     * @throws IllegalArgumentException when {@code e} is not as wide as this table's entries
     */
    public void initPlain(int slot, Entry e) {
        if (e.qwords() != qwords) {
            throw new IllegalArgumentException("an entry of " + e.qwords() + " qwords in a table of " + qwords + "-qword entries");
        }
        for (int q = 0; q < qwords; q++) storePlain(slot, q, e.qword(q));
        for (int c = 0; c < qwords / 2; c++) QWORD.set(seqs, seqOffset(slot, c), 0L);
    }

    /** Reads every qword with opaque loads, one by one: not an atomic snapshot. */
    public Entry loadEntryOpaque(int slot) {
        long[] q = new long[qwords];
        for (int i = 0; i < qwords; i++) q[i] = loadOpaque(slot, i);
        return Entry.of(q);
    }

    // ---- chunk-atomic writer side (sequence lock, one writer per entry) ------------------------------------

    private long seqOffset(int slot, int chunk128) {
        return slot * seqBytes + (long) chunk128 * Long.BYTES;
    }

    /** One 64-bit store that chunk readers of any width see whole (before or after, never during their read). */
    public void writeQword(int slot, int qword, long v) {
        long so = seqOffset(slot, qword >>> 1);
        long s = (long) QWORD.get(seqs, so); // this writer's own last step: one writer per entry
        QWORD.setRelease(entries, offset(slot, qword), v); // after every earlier store and sequence step
        QWORD.setRelease(seqs, so, s + 2); // after the data (class comment: no odd phase for a single-copy-atomic store)
    }

    /**
     * One 32-bit store of word {@code word} (the low half of qword {@code word / 2} when even, the high half when odd,
     * whatever the machine's byte order) that chunk readers of any width see whole: a reader's qword holds the other
     * half as it was.
     */
    public void writeWord32(int slot, int word, int v) {
        long so = seqOffset(slot, word >>> 2);
        long s = (long) QWORD.get(seqs, so); // this writer's own last step
        WORD.setRelease(entries, offset(slot, word >>> 1) + ((word & 1) != 0 ? 4 - LOW_HALF : LOW_HALF), v);
        QWORD.setRelease(seqs, so, s + 2); // after the data, as in writeQword
    }

    /** One emulated 128-bit atomic store (cmpxchg16b) of qwords {@code 2*chunk} and {@code 2*chunk+1}. */
    public void writeChunk128(int slot, int chunk, long low, long high) {
        long so = seqOffset(slot, chunk);
        long s = (long) QWORD.get(seqs, so);
        QWORD.setOpaque(seqs, so, s + 1);
        VarHandle.storeStoreFence();
        QWORD.setOpaque(entries, offset(slot, 2 * chunk), low);
        QWORD.setOpaque(entries, offset(slot, 2 * chunk + 1), high);
        QWORD.setRelease(seqs, so, s + 2);
    }

    // ---- chunk-atomic reader side ----------------------------------------------------------------------------

    /**
     * A 64-bit single-copy-atomic fetch of one qword (acquire, so later fetches are not hoisted above it), taken under
     * the sequence of its 128-bit chunk: it waits out a {@link #writeChunk128} in progress, so two successive 64-bit
     * reads never see half of a 128-bit store (new low qword, then old high qword), as on hardware where cmpxchg16b
     * is single-copy atomic. A plain load here let the stress suite observe exactly that mix, which the checker
     * rightly calls impossible.
     */
    public long readQword(int slot, int qword) {
        long so = seqOffset(slot, qword >>> 1);
        while (true) {
            long s = (long) QWORD.getAcquire(seqs, so);
            if ((s & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long v = loadAcquire(slot, qword);
            VarHandle.loadLoadFence(); // data before the re-read sequence
            if ((long) QWORD.getOpaque(seqs, so) == s) return v;
        }
    }

    /**
     * Reads {@code bits/64} qwords starting at qword {@code chunk * bits/64} into {@code dst[dstOff..]} as one atomic
     * snapshot. {@code bits} is 64, 128, 256 or 512, at most the entry's width (a chunk as wide as the entry is one
     * atomic read of all of it), and {@code chunk} is below {@code qwords * 64 / bits}.
     *
     * @return the number of retries the sequence lock needed (0 when no writer interfered)
     * @throws IllegalArgumentException for another width or a chunk beyond the entry (which would otherwise read
     *         nothing, or read the next entry's qwords without its sequence lock)
     */
    public int readChunk(int slot, int bits, int chunk, long[] dst, int dstOff) {
        int entryBits = qwords * 64;
        if ((bits != 64 && bits != 128 && bits != 256 && bits != 512) || chunk < 0 || (long) (chunk + 1) * bits > entryBits) {
            throw new IllegalArgumentException("no " + bits + "-bit chunk " + chunk + " in a " + entryBits + "-bit entry");
        }
        int n = bits >>> 6;
        int first = chunk * n;
        if (n == 1) {
            dst[dstOff] = readQword(slot, first);
            return 0;
        }
        int c0 = first >>> 1;
        int cn = n >>> 1;
        // Sequences only ever grow (single writer, +1 then +1), so the sum of the covered sequences is unchanged
        // exactly when every one of them is unchanged: no per-read array, no allocation on the reader's path.
        for (int retries = 0; ; retries++) {
            long before = 0;
            boolean odd = false;
            for (int c = 0; c < cn; c++) {
                long seq = (long) QWORD.getAcquire(seqs, seqOffset(slot, c0 + c));
                before += seq;
                odd |= (seq & 1) != 0;
            }
            if (odd) {
                Thread.onSpinWait();
                continue;
            }
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = (long) QWORD.getOpaque(entries, offset(slot, first + i));
            }
            VarHandle.loadLoadFence(); // data before the re-read sequences
            long after = 0;
            for (int c = 0; c < cn; c++) {
                after += (long) QWORD.getOpaque(seqs, seqOffset(slot, c0 + c));
            }
            if (after == before) return retries;
        }
    }

    // ---- tables behind the pointers ----------------------------------------------------------------------------

    private static long tableOffset(int slot, int table) {
        if (table < 0 || table >= TABLES) throw new IllegalArgumentException("table " + table + " outside 0.." + (TABLES - 1));
        return (long) slot * TABLE_BYTES + (long) table * Long.BYTES;
    }

    /** Makes every table of entry {@code slot} uninitialised, with plain stores. Not for use under readers. */
    public void resetTablesPlain(int slot) {
        resetTablesPlain(slot, TABLES);
    }

    /** Makes tables {@code 0..count-1} of entry {@code slot} uninitialised, with plain stores. Not under readers. */
    public void resetTablesPlain(int slot, int count) {
        for (int t = 0; t < count; t++) QWORD.set(tables, tableOffset(slot, t), 0L);
    }

    /** The writer's initialisation of table {@code table} of entry {@code slot}: one release store. */
    public void storeTableInitialised(int slot, int table) {
        QWORD.setRelease(tables, tableOffset(slot, table), INITIALISED);
    }

    /**
     * Which of the tables of entry {@code slot} named in {@code mask} (bit {@code t}: table {@code t}) have been
     * initialised, as a mask of the same kind: one acquire load per table, so a reader that calls this after reading
     * the entry sees each initialisation the writer stored before an entry store that the reader saw.
     */
    public int initialisedTables(int slot, int mask) {
        int out = 0;
        for (int m = mask; m != 0; m &= m - 1) {
            int t = Integer.numberOfTrailingZeros(m);
            if ((long) QWORD.getAcquire(tables, tableOffset(slot, t)) == INITIALISED) out |= 1 << t;
        }
        return out;
    }

    /** Frees the memory. No access may follow. */
    @Override
    public void close() {
        arena.close();
    }
}
