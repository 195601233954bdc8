package dev.hitless.memory;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryTableTest {
    private static final int SIZE = 16;
    private static final long A = 0x5555_5555_5555_5555L;
    private static final long B = 0xaaaa_aaaa_aaaa_aaaaL;

    private EntryTable table;

    @BeforeEach
    void allocate() {
        table = EntryTable.allocate(SIZE, 8);
    }

    @AfterEach
    void free() {
        if (table != null) table.close();
    }

    // ---- layout ----------------------------------------------------------------------------------------------

    /** Entries are as wide as their format, packed without padding, each aligned to its size (16, 32, 64 bytes). */
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void everyEntryIsAlignedToItsSizeAndNothingPadsIt(int qwords) {
        try (EntryTable t = EntryTable.allocate(SIZE, qwords)) {
            assertEquals(qwords, t.qwords());
            long bytes = qwords * 8L;
            assertEquals(SIZE * bytes, t.segment().byteSize());
            for (int slot = 0; slot < SIZE; slot++) {
                long address = t.segment().asSlice(slot * bytes).address();
                assertEquals(0, address % bytes, "entry " + slot + " at 0x" + Long.toHexString(address));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void slotsDoNotOverlap(int qwords) {
        try (EntryTable t = EntryTable.allocate(SIZE, qwords)) {
            for (int s = 0; s < SIZE; s++) for (int q = 0; q < qwords; q++) t.storePlain(s, q, tag(s, q));
            for (int s = 0; s < SIZE; s++) for (int q = 0; q < qwords; q++) assertEquals(tag(s, q), t.loadPlain(s, q));

            // The chunk-aware writers touch exactly their qwords.
            t.writeQword(5, qwords - 1, -1L);
            t.writeChunk128(6, qwords / 2 - 1, -2L, -3L);
            for (int s = 0; s < SIZE; s++) {
                for (int q = 0; q < qwords; q++) {
                    long want = s == 5 && q == qwords - 1 ? -1L : s == 6 && q == qwords - 2 ? -2L
                            : s == 6 && q == qwords - 1 ? -3L : tag(s, q);
                    assertEquals(want, t.loadPlain(s, q), "slot " + s + " qword " + q);
                }
            }
        }
    }

    private static long tag(int slot, int qword) {
        return 0x1000_0000_0000_0000L | (long) slot << 8 | qword;
    }

    // ---- access modes ----------------------------------------------------------------------------------------

    private interface Store {
        void store(EntryTable t, int slot, int qword, long v);
    }

    private interface Load {
        long load(EntryTable t, int slot, int qword);
    }

    @Test
    void everyStoreModeRoundTripsThroughEveryLoadMode() {
        List<Store> stores = List.of(EntryTable::storePlain, EntryTable::storeOpaque, EntryTable::storeRelease,
                EntryTable::storeVolatile, EntryTable::writeQword);
        List<Load> loads = List.of(EntryTable::loadPlain, EntryTable::loadOpaque, EntryTable::loadAcquire,
                EntryTable::loadVolatile, EntryTable::readQword,
                (t, s, q) -> {
                    long[] d = new long[1];
                    t.readChunk(s, 64, q, d, 0);
                    return d[0];
                });
        long v = 0x0123_4567_89ab_cdefL;
        for (int si = 0; si < stores.size(); si++) {
            for (int li = 0; li < loads.size(); li++) {
                for (int q = 0; q < 8; q++) {
                    v = Long.rotateLeft(v, 7) ^ q;
                    stores.get(si).store(table, 3, q, v);
                    assertEquals(v, loads.get(li).load(table, 3, q), "store mode " + si + ", load mode " + li);
                }
            }
        }
    }

    /** Every chunk of 64 bits up to the whole entry, on every width: a chunk as wide as the entry reads all of it. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void readChunkReturnsTheQwordsOfItsChunk(int qwords) {
        try (EntryTable t = EntryTable.allocate(SIZE, qwords)) {
            Entry e = Entry.of(java.util.stream.LongStream.rangeClosed(1, qwords).toArray());
            t.initPlain(2, e);
            for (int bits = 64; bits <= qwords * 64; bits *= 2) {
                int n = bits / 64;
                for (int chunk = 0; chunk < qwords / n; chunk++) {
                    long[] dst = new long[n + 1];
                    assertEquals(0, t.readChunk(2, bits, chunk, dst, 1), "no writer, no retry");
                    for (int i = 0; i < n; i++) assertEquals(e.qword(chunk * n + i), dst[1 + i], bits + "-bit chunk " + chunk);
                }
            }
        }
    }

    @Test
    void readChunkRejectsWidthsAndChunksOutsideTheEntry() {
        long[] dst = new long[8];
        assertThrows(IllegalArgumentException.class, () -> table.readChunk(0, 32, 0, dst, 0));
        assertThrows(IllegalArgumentException.class, () -> table.readChunk(0, 512, 1, dst, 0));
        assertThrows(IllegalArgumentException.class, () -> table.readChunk(0, 128, 4, dst, 0));
        assertThrows(IllegalArgumentException.class, () -> table.readChunk(0, 256, -1, dst, 0));
        try (EntryTable four = EntryTable.allocate(2, 4); EntryTable two = EntryTable.allocate(2, 2)) {
            IllegalArgumentException wider = assertThrows(IllegalArgumentException.class, () -> four.readChunk(0, 512, 0, dst, 0));
            assertEquals("no 512-bit chunk 0 in a 256-bit entry", wider.getMessage());
            assertThrows(IllegalArgumentException.class, () -> four.readChunk(0, 128, 2, dst, 0), "chunk 2 is the next entry's");
            assertThrows(IllegalArgumentException.class, () -> four.readChunk(0, 64, 4, dst, 0));
            assertThrows(IllegalArgumentException.class, () -> two.readChunk(0, 256, 0, dst, 0));
            assertThrows(IllegalArgumentException.class, () -> two.readChunk(0, 128, 1, dst, 0));
        }
    }

    @Test
    void anEntryOfAnotherWidthIsRefused() {
        try (EntryTable four = EntryTable.allocate(1, 4)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> four.initPlain(0, Entry.zero(8)));
            assertEquals("an entry of 8 qwords in a table of 4-qword entries", x.getMessage());
            four.initPlain(0, Entry.of(1, 2, 3, 4));
            assertEquals(Entry.of(1, 2, 3, 4), four.loadEntryOpaque(0));
        }
        assertThrows(IllegalArgumentException.class, () -> EntryTable.allocate(1, 3));
    }

    @Test
    void writeChunk128StoresLowThenHighQword() {
        table.writeChunk128(1, 3, A, B);
        assertEquals(A, table.loadPlain(1, 6));
        assertEquals(B, table.loadPlain(1, 7));
    }

    @Test
    void writeWord32StoresOneHalfOfItsQwordAndKeepsTheOther() {
        table.storePlain(1, 5, 0x1111_1111_2222_2222L);
        table.writeWord32(1, 10, 0xaaaa_aaaa);
        assertEquals(0x1111_1111_aaaa_aaaaL, table.loadPlain(1, 5), "word 10 is the low half of qword 5");
        table.writeWord32(1, 11, 0xbbbb_bbbb);
        assertEquals(0xbbbb_bbbb_aaaa_aaaaL, table.loadPlain(1, 5), "word 11 is the high half");
        assertEquals(0, table.loadPlain(1, 4));
        assertEquals(0, table.loadPlain(1, 6));
    }

    // ---- whole entries ---------------------------------------------------------------------------------------

    @Test
    void initPlainThenLoadEntryOpaqueRoundTrips() {
        Entry e = Entry.of(0x8000_0000_0000_0001L, 2, 0, -1, A, B, 7, 0x0123_4567_89ab_cdefL);
        table.initPlain(7, e);
        assertEquals(e, table.loadEntryOpaque(7));
        assertEquals(Entry.zero(8), table.loadEntryOpaque(6));
        assertEquals(Entry.zero(8), table.loadEntryOpaque(8));
        table.initPlain(7, Entry.ones(8));
        assertEquals(Entry.ones(8), table.loadEntryOpaque(7));
    }

    @Test
    void aNewTableIsZeroed() {
        for (int s = 0; s < SIZE; s++) assertEquals(Entry.zero(8), table.loadEntryOpaque(s));
    }

    @Test
    void rejectsNonPositiveSize() {
        assertThrows(IllegalArgumentException.class, () -> EntryTable.allocate(0, 8));
    }

    @Test
    void accessAfterCloseThrows() {
        EntryTable t = table;
        table = null;
        t.storePlain(0, 0, 1);
        t.close();
        assertThrows(IllegalStateException.class, () -> t.loadPlain(0, 0));
        assertThrows(IllegalStateException.class, () -> t.writeQword(0, 0, 1));
        assertThrows(IllegalStateException.class, () -> t.readChunk(0, 512, 0, new long[8], 0));
    }

    // ---- chunk atomicity under a concurrent writer -----------------------------------------------------------
    //
    // One writer thread and one reader thread race on one entry for a bounded time. The writer only ever moves the
    // entry between states the reader may see; a checker names any snapshot that never existed at one instant.
    //
    //   128 bits: the writer alternates 128-bit chunk 1 between (A,A) and (B,B) with writeChunk128; a snapshot
    //             is legal iff its two qwords are equal.
    //   256/512:  the writer counts generations g = 1, 2, ...; in generation g it writes (g,g) to 128-bit chunks
    //             0, 1, 2, 3 in that order. At any instant chunks 0..k-1 hold g and chunks k..3 hold g-1, so a
    //             legal snapshot has equal qwords in each 128-bit chunk, is non-increasing from chunk to chunk and
    //             spans at most one generation.
    //
    // Each test also requires that the reader saw the writer move (a change between snapshots), so a reader that
    // always ran before or after the writer cannot pass vacuously. NaiveReaderIsCaught below runs the same
    // checkers against a reader that skips the sequence lock, showing they do catch a torn read.

    /** Time each race runs. */
    private static final long RACE_NANOS = 200_000_000L;
    /** How long a race may go on when the writer has not been seen to move yet (a loaded machine). */
    private static final long HARD_LIMIT_NANOS = 20_000_000_000L;

    /** Reads a snapshot of {@code dst.length} qwords into {@code dst}. */
    private interface Reader {
        void read(EntryTable t, long[] dst);
    }

    /** Null when {@code snap} existed at one instant, else what is wrong with it. */
    private interface Checker {
        String violation(long[] snap);
    }

    private record Race(long reads, long distinct, String firstViolation) {
    }

    /** Legal 128-bit snapshots of the A/B toggle: (A,A) or (B,B), never mixed. */
    static String pairViolation(long[] s) {
        if (s[0] == s[1] && (s[0] == A || s[0] == B)) return null;
        return "mixed 128-bit chunk: " + Entry.hex(s[0]) + " " + Entry.hex(s[1]);
    }

    /** Legal snapshots of the ascending generation writer, for {@code s.length} = 4 (256 bits) or 8 (512 bits). */
    static String generationViolation(long[] s) {
        for (int c = 0; c < s.length / 2; c++) {
            if (s[2 * c] != s[2 * c + 1]) return "torn 128-bit chunk " + c + ": " + dump(s);
        }
        for (int c = 1; c < s.length / 2; c++) {
            if (s[2 * c] > s[2 * c - 2]) return "chunk " + c + " newer than chunk " + (c - 1) + ": " + dump(s);
        }
        if (s[0] - s[s.length - 1] > 1) return "snapshot spans more than one generation: " + dump(s);
        return null;
    }

    private static String dump(long[] s) {
        StringBuilder b = new StringBuilder();
        for (long v : s) b.append(b.isEmpty() ? "" : " ").append(Entry.hex(v));
        return b.toString();
    }

    private static void toggleWriter(EntryTable t, int slot) {
        t.writeChunk128(slot, 1, A, A);
        t.writeChunk128(slot, 1, B, B);
    }

    private static long generation = 0;

    private static void qwordGenerationWriter(EntryTable t, int slot) {
        long g = ++generation;
        for (int q = 0; q < t.qwords(); q++) t.writeQword(slot, q, g);
    }

    /** Legal snapshots of the ascending single-qword writer: non-increasing, at most one generation apart. */
    static String qwordGenerationViolation(long[] s) {
        for (int q = 1; q < s.length; q++) {
            if (s[q] > s[q - 1]) return "qword " + q + " newer than qword " + (q - 1) + ": " + dump(s);
        }
        if (s[0] - s[s.length - 1] > 1) return "snapshot spans more than one generation: " + dump(s);
        return null;
    }

    private static void generationWriter(EntryTable t, int slot) {
        long g = ++generation;
        for (int c = 0; c < t.qwords() / 2; c++) t.writeChunk128(slot, c, g, g);
    }

    /**
     * Runs {@code writer} in a new thread and {@code reader} in this one for {@code RACE_NANOS}, or until the first
     * violation when {@code stopAtViolation}.
     */
    private static Race race(EntryTable t, int slot, java.util.function.ObjIntConsumer<EntryTable> writer,
                             Reader reader, int qwords, Checker checker, boolean stopAtViolation, long nanos)
            throws InterruptedException {
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + nanos;
        // On a loaded machine the writer may not be scheduled within the race: the reader goes on until it has seen
        // the writer move (or a hard limit), so "the race happened" is a fact, not a matter of timing.
        long hardEnd = start + Math.max(nanos, HARD_LIMIT_NANOS);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        // The writer stops at the hard limit on its own too: a sequence-lock reader retries while the writer is inside
        // a chunk, so a reader starved by a writer that never paused would otherwise never reach its deadline check.
        Thread w = new Thread(() -> {
            try {
                while (!stop.get() && System.nanoTime() < hardEnd && !Thread.currentThread().isInterrupted()) writer.accept(t, slot);
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        }, "writer");
        long[] snap = new long[qwords];
        long reads = 0;
        long distinct = 0;
        long last = Long.MIN_VALUE;
        String violation = null;
        w.start();
        try {
            for (long now = System.nanoTime(); (now < end || distinct < 2) && now < hardEnd; now = System.nanoTime()) {
                for (int i = 0; i < 1024; i++) {
                    reader.read(t, snap);
                    reads++;
                    if (snap[0] != last) {
                        distinct++;
                        last = snap[0];
                    }
                    String v = checker.violation(snap);
                    if (v != null && violation == null) violation = v;
                }
                if (violation != null && stopAtViolation) break;
            }
        } finally {
            stop.set(true);
            w.interrupt();
            w.join();
        }
        assertNull(writerFailure.get(), "writer threw");
        return new Race(reads, distinct, violation);
    }

    private static void assertAtomic(Race r) {
        assertNull(r.firstViolation(), () -> "after " + r.reads() + " reads");
        // At least one change seen: the writer moved while the reader read. (On 2 cores a race shows thousands;
        // pinned to one core a 200 ms race may show only a couple of context switches.)
        assertTrue(r.distinct() >= 2, () -> "reader saw " + r.distinct() + " distinct snapshot(s) in "
                + r.reads() + " reads: the race did not happen");
    }

    @Test
    void chunk128ReadNeverSeesAMixedPair() throws InterruptedException {
        table.writeChunk128(4, 1, A, A);
        Race r = race(table, 4, EntryTableTest::toggleWriter,
                (t, d) -> t.readChunk(4, 128, 1, d, 0), 2, EntryTableTest::pairViolation, false, RACE_NANOS);
        assertAtomic(r);
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 512})
    void wideReadIsASnapshotOfOneInstant(int bits) throws InterruptedException {
        generation = 0;
        Race r = race(table, 9, EntryTableTest::generationWriter,
                (t, d) -> t.readChunk(9, bits, 0, d, 0), bits / 64, EntryTableTest::generationViolation, false,
                RACE_NANOS);
        assertAtomic(r);
    }

    /** One atomic read of a whole 4-qword (256-bit) or 2-qword (128-bit) entry: a snapshot of one instant. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void aWholeNarrowEntryReadIsASnapshotOfOneInstant(int qwords) throws InterruptedException {
        try (EntryTable t = EntryTable.allocate(SIZE, qwords)) {
            generation = 0;
            Race r = race(t, 9, EntryTableTest::generationWriter, (x, d) -> x.readChunk(9, qwords * 64, 0, d, 0), qwords,
                    qwords == 2 ? s -> s[0] == s[1] ? null : "torn 128-bit entry " + dump(s) : EntryTableTest::generationViolation,
                    false, RACE_NANOS);
            assertAtomic(r);
        }
    }

    /**
     * 64-bit stores take no odd phase (class comment): a writer of single qwords in ascending order, generation after
     * generation, read as 128-bit, 256-bit and whole-entry chunks. At any instant qwords 0..k-1 hold g and the rest
     * g-1, so a legal snapshot is non-increasing from qword to qword and spans at most one generation; a reader that
     * accepted a chunk across a store it did not see would show a later qword newer than an earlier one.
     */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void aChunkReadAcrossQwordStoresIsASnapshotOfOneInstant(int bits) throws InterruptedException {
        generation = 0;
        Race r = race(table, 9, EntryTableTest::qwordGenerationWriter, (t, d) -> t.readChunk(9, bits, 0, d, 0), bits / 64,
                EntryTableTest::qwordGenerationViolation, false, RACE_NANOS);
        assertAtomic(r);
    }

    @Test
    void checkersAcceptLegalAndRejectTornSnapshots() {
        assertNull(pairViolation(new long[] {A, A}));
        assertNull(pairViolation(new long[] {B, B}));
        assertNotNull(pairViolation(new long[] {A, B}));
        assertNull(generationViolation(new long[] {5, 5, 5, 5, 4, 4, 4, 4}));
        assertNull(generationViolation(new long[] {5, 5, 5, 5, 5, 5, 5, 5}));
        assertNull(generationViolation(new long[] {5, 5, 4, 4}));
        assertNotNull(generationViolation(new long[] {5, 4, 4, 4}), "torn chunk");
        assertNotNull(generationViolation(new long[] {4, 4, 5, 5}), "later chunk newer");
        assertNotNull(generationViolation(new long[] {6, 6, 5, 5, 5, 5, 4, 4}), "two generations");
    }

    /**
     * The same races with a reader that loads the qwords one by one (opaque, no sequence lock): the checkers must
     * report a torn snapshot, or the tests above prove nothing. Bounded at two seconds; a torn read usually shows
     * within milliseconds.
     */
    @Nested
    class NaiveReaderIsCaught {
        private static final long LIMIT_NANOS = 2_000_000_000L;

        private static void naive(EntryTable t, int slot, int first, long[] d) {
            for (int i = 0; i < d.length; i++) d[i] = t.loadOpaque(slot, first + i);
        }

        @Test
        void on128Bits() throws InterruptedException {
            table.writeChunk128(4, 1, A, A);
            Race r = race(table, 4, EntryTableTest::toggleWriter, (t, d) -> naive(t, 4, 2, d), 2,
                    EntryTableTest::pairViolation, true, LIMIT_NANOS);
            assertNotNull(r.firstViolation(), () -> "no torn read in " + r.reads() + " naive reads");
        }

        @ParameterizedTest
        @ValueSource(ints = {256, 512})
        void onWideReads(int bits) throws InterruptedException {
            generation = 0;
            Race r = race(table, 9, EntryTableTest::generationWriter, (t, d) -> naive(t, 9, 0, d), bits / 64,
                    EntryTableTest::generationViolation, true, LIMIT_NANOS);
            assertNotNull(r.firstViolation(), () -> "no torn read in " + r.reads() + " naive reads");
        }

        @ParameterizedTest
        @ValueSource(ints = {128, 512})
        void onQwordStores(int bits) throws InterruptedException {
            generation = 0;
            Race r = race(table, 9, EntryTableTest::qwordGenerationWriter, (t, d) -> naive(t, 9, 0, d), bits / 64,
                    EntryTableTest::qwordGenerationViolation, true, LIMIT_NANOS);
            assertNotNull(r.firstViolation(), () -> "no torn read in " + r.reads() + " naive reads");
        }

        @Test
        void onAWholeFourQwordEntry() throws InterruptedException {
            try (EntryTable t = EntryTable.allocate(SIZE, 4)) {
                generation = 0;
                Race r = race(t, 9, EntryTableTest::generationWriter, (x, d) -> naive(x, 9, 0, d), 4,
                        EntryTableTest::generationViolation, true, LIMIT_NANOS);
                assertNotNull(r.firstViolation(), () -> "no torn read in " + r.reads() + " naive reads");
            }
        }
    }
}
