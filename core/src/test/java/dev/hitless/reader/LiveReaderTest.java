package dev.hitless.reader;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NarrowFormats;
import dev.hitless.memory.EntryTable;
import dev.hitless.ordering.StructCopy;
import dev.hitless.plan.PlanExecutor;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.ReaderModel.Cache;
import dev.hitless.reader.ReaderModel.ChunkOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader's contract at run time: the cache, what a sync does, and the chunk orders a fetch draws from. */
@Timeout(60) // a sync that wrongly waits forever fails here instead of hanging the build
class LiveReaderTest {
    static final EntryFormat VTD = Formats.vtd();
    /** fl-did5-a -> fl-did6-b: chunk 0 (q0-1) changes DID, chunk 1 (q2-3) changes FSPTPTR. */
    static final Entry A = VTD.parseConfig("fl-did5-a"), B = VTD.parseConfig("fl-did6-b");
    static final Step.Sync ENTRY = Step.Sync.of(SyncKind.ENTRY);
    static final Step.Sync TLB = Step.Sync.of(SyncKind.IOTLB, SyncKind.DEVTLB);

    static LiveReader<Entry> reader(EntryTable table, int slot, ChunkOrder order, Cache cache) {
        table.initPlain(slot, A);
        return LiveReader.<Entry>device(new ReaderModel(128, order, cache), A, e -> e).attach(table, slot);
    }

    static void store(EntryTable table, int slot, Entry e) {
        for (int q = 0; q < 8; q++) table.writeQword(slot, q, e.qword(q));
    }

    @Test
    void stickyCacheServesThePreSyncCopyUntilAnEntrySync() {
        try (EntryTable table = EntryTable.allocate(2, 8)) {
            LiveReader<Entry> r = reader(table, 1, ChunkOrder.ANY, Cache.STICKY);
            assertEquals(A, r.read(), "the live entry is cached before the update begins");
            store(table, 1, B);
            assertEquals(A, r.read(), "stores alone do not refill the cache");
            r.sync(TLB);
            assertEquals(A, r.read(), "a TLB-only sync does not drop the entry's copy");
            r.sync(ENTRY);
            assertEquals(B, r.read(), "an entry sync refills the cache from memory");
            store(table, 1, A);
            assertEquals(B, r.read(new long[8]), "until the next entry sync");
            r.sync(ENTRY);
            assertEquals(A, r.read());
        }
    }

    @Test
    void eachLiveEntryHasItsOwnCache() {
        try (EntryTable table = EntryTable.allocate(2, 8)) {
            LiveReader.Device<Entry> device = LiveReader.device(new ReaderModel(128, ChunkOrder.ANY, Cache.STICKY), A, e -> e);
            table.initPlain(0, A);
            table.initPlain(1, A);
            LiveReader<Entry> r0 = device.attach(table, 0), r1 = device.attach(table, 1);
            store(table, 1, B);
            r1.sync(ENTRY);
            assertEquals(B, r1.read());
            assertEquals(A, r0.read());
            r0.sync(ENTRY);
            assertEquals(A, r0.read(), "slot 0 still holds A");
        }
    }

    @Test
    void aPlanRunWithTheReaderAsItsSyncHandlerEndsWithTheTargetCached() {
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            LiveReader<Entry> r = reader(table, 0, ChunkOrder.ANY, Cache.STICKY);
            List<Step> steps = new StructCopy().plan(VTD, A, B).steps();
            assertTrue(steps.stream().anyMatch(st -> st instanceof Step.Sync y && y.invalidatesEntry()), steps.toString());
            PlanExecutor.execute(steps.stream().filter(s -> !(s instanceof Step.Sync)).toList(), table, 0, r);
            assertEquals(A, r.read(), "without its entry sync the plan leaves the old copy cached");
            table.initPlain(0, A);
            PlanExecutor.execute(steps, table, 0, r);
            assertEquals(B, r.read());
        }
    }

    @Test
    void withoutACacheEveryReadFetchesMemory() {
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            for (ChunkOrder order : ChunkOrder.values()) {
                LiveReader<Entry> r = reader(table, 0, order, Cache.NONE);
                assertEquals(A, r.read());
                store(table, 0, B);
                long[] scratch = new long[8];
                assertEquals(B, r.read(scratch), order.name());
                assertArrayEquals(B.toArray(), scratch, "the fetch went through the caller's buffer");
                r.sync(ENTRY); // no fetch in flight: returns at once
                store(table, 0, A);
                assertEquals(A, r.read(), order.name());
            }
        }
    }

    @Test
    void theObservationIsTheCallersFunctionOfTheFetchedEntry() {
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            table.initPlain(0, A);
            Oracle oracle = new Oracle(VTD, A, B);
            LiveReader<Seen> r = LiveReader.device(ReaderModel.strict(VTD), A, oracle::judge).attach(table, 0);
            assertEquals(Seen.OLD, r.read());
            table.writeQword(0, 1, B.qword(1)); // the new DID with the old FSPTPTR
            assertEquals(Seen.TORN, r.read());
        }
    }

    /** An observer as the jcstress race builds one: the oracle's judgement, UNINIT when a new table was not visible. */
    static LiveReader.Observer<Seen> tableWalker(Oracle oracle) {
        TableInit tables = TableInitTest.tablesOf(oracle);
        return new LiveReader.Observer<>() {
            @Override
            public Seen observe(Entry fetched) {
                return oracle.judge(fetched);
            }

            @Override
            public int tables() {
                return tables.count();
            }

            @Override
            public int walks(Seen seen) {
                return seen == Seen.NEW ? 1 : 0; // this transition has one table; TableInit.walkedBy says which
            }

            @Override
            public Seen uninit(Seen seen) {
                return Seen.UNINIT;
            }
        };
    }

    /**
     * STE s2-vmid1 -> s2-vmid1-ttb-b (only S2TTB, in qword 3, changes): a fetch of the new entry is UNINIT exactly
     * while the new stage-2 table's word is uninitialised; the old entry never is, and a sticky cache's fetch at the
     * sync follows the same rule.
     */
    @Test
    void aNewEntryIsUninitExactlyWhileItsNewTableIsNotInitialised() {
        EntryFormat ste = Formats.ste();
        Entry old = ste.parseConfig("s2-vmid1"), target = ste.parseConfig("s2-vmid1-ttb-b");
        Oracle oracle = new Oracle(ste, old, target);
        assertEquals(1, TableInitTest.tablesOf(oracle).count());
        try (EntryTable table = EntryTable.allocate(2, 8)) {
            for (Cache cache : Cache.values()) {
                table.initPlain(1, old);
                table.resetTablesPlain(1);
                LiveReader<Seen> r = LiveReader.device(ReaderModel.preset(cache == Cache.STICKY ? "sticky" : "strict", ste), old,
                        tableWalker(oracle)).attach(table, 1);
                assertEquals(Seen.OLD, r.read(), cache + ": the old entry walks the old table");
                table.writeQword(1, 3, target.qword(3)); // the new S2TTB reaches the SMMU before its table
                if (cache == Cache.NONE) assertEquals(Seen.UNINIT, r.read(), "the new pointer before its table");
                r.sync(ENTRY);
                assertEquals(Seen.UNINIT, r.read(), cache + ": still before the table (a sticky cache fetched at the sync)");
                table.storeTableInitialised(1, 0);
                if (cache == Cache.STICKY) r.sync(ENTRY);
                assertEquals(Seen.NEW, r.read(), cache + ": the table is initialised");
                table.writeQword(1, 3, old.qword(3));
                if (cache == Cache.STICKY) r.sync(ENTRY);
                assertEquals(Seen.OLD, r.read(), cache + ": back to the old table");
            }
        }
    }

    @Test
    void aTransitionWithNoNewTableNeverReadsATableWord() {
        EntryFormat ste = Formats.ste();
        Entry old = ste.parseConfig("s2-vmid1"), target = ste.parseConfig("s2-vmid2");
        Oracle oracle = new Oracle(ste, old, target);
        assertEquals(0, TableInitTest.tablesOf(oracle).count());
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            table.initPlain(0, target);
            table.resetTablesPlain(0);
            LiveReader<Seen> r = LiveReader.device(ReaderModel.strict(ste), old, tableWalker(oracle)).attach(table, 0);
            assertEquals(Seen.NEW, r.read(), "no table to wait for");
        }
    }

    @Test
    void anEntrySyncWaitsForTheFetchInFlight() throws InterruptedException {
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            LiveReader<Entry> r = reader(table, 0, ChunkOrder.ANY, Cache.NONE);
            CountDownLatch syncing = new CountDownLatch(1);
            CountDownLatch returned = new CountDownLatch(1);
            long s = r.beginFetch(); // this thread is the device, its fetch in flight
            Thread writer = new Thread(() -> {
                syncing.countDown();
                r.sync(ENTRY);
                returned.countDown();
            });
            writer.start();
            syncing.await();
            // A correct sync never returns here, however long we look; a broken one would within this bound.
            assertFalse(returned.await(200, TimeUnit.MILLISECONDS), "the sync returned while a fetch was in flight");
            r.endFetch(s);
            returned.await(); // the fetch is over: the sync returns (or the class timeout fails the test)
            writer.join();
        }
    }

    @Test
    void aTlbOnlySyncDoesNotWaitForTheFetchInFlight() {
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            LiveReader<Entry> r = reader(table, 0, ChunkOrder.ANY, Cache.NONE);
            long s = r.beginFetch();
            r.sync(TLB); // would spin forever on this thread's own fetch if it waited
            r.endFetch(s);
            r.sync(ENTRY);
        }
    }

    /**
     * A 4-qword entry (the test format shaped like a DTE) read by one 256-bit chunk, the whole entry: what a fetch sees
     * is the memory of one instant, judged by the oracle of the narrow format; the fetch buffer may be wider than the
     * entry; a plan run with the reader as its sync handler ends with the target cached.
     */
    @Test
    void aFourQwordEntryIsReadWholeByOneChunk() {
        EntryFormat four = NarrowFormats.FOUR;
        Entry old = four.parseConfig("host1-a"), target = four.parseConfig("guest3");
        ReaderModel whole = ReaderModel.strict(four);
        assertEquals(256, whole.chunkBits());
        assertEquals(1, whole.chunks(four));
        Oracle oracle = new Oracle(four, old, target);
        try (EntryTable table = EntryTable.allocate(2, 4)) {
            table.initPlain(1, old);
            LiveReader<Entry> raw = LiveReader.<Entry>device(whole, old, e -> e).attach(table, 1);
            LiveReader<Seen> judged = LiveReader.device(whole, old, oracle::judge).attach(table, 1);
            assertEquals(old, raw.read());
            assertEquals(Seen.OLD, judged.read());
            table.writeQword(1, 1, target.qword(1)); // the new DID with the old GV and no GCR3
            Entry mix = raw.read(new long[Entry.MAX_QWORDS]);
            assertEquals(4, mix.qwords(), "the fetch buffer may be wider; the entry is the format's width");
            assertEquals(old.withQword(1, target.qword(1)), mix);
            assertEquals(Seen.TORN, judged.read());
            for (int q = 0; q < 4; q++) table.writeQword(1, q, target.qword(q));
            assertEquals(Seen.NEW, judged.read());

            table.initPlain(0, old);
            table.initPlain(1, four.zero());
            LiveReader<Entry> sticky = LiveReader.<Entry>device(ReaderModel.preset("sticky", four), old, e -> e).attach(table, 0);
            PlanExecutor.execute(new StructCopy().plan(four, old, target), table, 0, sticky);
            assertEquals(target, sticky.read(), "the plan's entry sync cached the 4-qword target");
            assertEquals(target, table.loadEntryOpaque(0));
            assertEquals(four.zero(), table.loadEntryOpaque(1), "slot 0's plan stayed in slot 0's 32 bytes");
        }
    }

    /** A 2-qword entry read qword by qword in any order, or whole by one 128-bit chunk. */
    @Test
    void aTwoQwordEntryIsReadByQwordOrWhole() {
        EntryFormat two = NarrowFormats.TWO;
        Entry old = two.parseConfig("trans1-a"), target = two.parseConfig("trans2-a");
        try (EntryTable table = EntryTable.allocate(1, 2)) {
            for (int bits : new int[] {64, 128}) {
                table.initPlain(0, old);
                ReaderModel m = new ReaderModel(bits, ChunkOrder.ANY, Cache.NONE, Visibility.BARRIER_ORDERED);
                assertEquals(128 / bits, m.chunks(two));
                LiveReader<Entry> r = LiveReader.<Entry>device(m, old, e -> e).attach(table, 0);
                assertEquals(old, r.read());
                table.writeQword(0, 1, target.qword(1));
                assertEquals(target, r.read(), bits + "-bit chunks");
            }
        }
    }

    /** A chunk wider than the entry, or a reader on a table of another width, is refused when it is built. */
    @Test
    void aReaderMustFitItsEntry() {
        EntryFormat four = NarrowFormats.FOUR;
        Entry old = four.parseConfig("host1-a");
        ReaderModel wide = new ReaderModel(512, ChunkOrder.ANY, Cache.NONE);
        IllegalArgumentException x = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LiveReader.<Entry>device(wide, old, e -> e));
        assertEquals("a 512-bit chunk is wider than the 256-bit entry; expected a chunk of 64 up to 256 bits", x.getMessage());
        IllegalArgumentException named = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> wide.chunks(four));
        assertEquals("a 512-bit chunk is wider than the 256-bit test-four entry; expected a chunk of 64 up to 256 bits",
                named.getMessage());
        try (EntryTable eight = EntryTable.allocate(1, 8)) {
            LiveReader.Device<Entry> d = LiveReader.device(ReaderModel.strict(four), old, e -> e);
            IllegalArgumentException t = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> d.attach(eight, 0));
            assertEquals("a reader of 4-qword entries on a table of 8-qword entries", t.getMessage());
        }
    }

    @Test
    void orderedModelsHaveOneChunkOrder() {
        assertArrayEquals(new int[][] {{0, 1, 2, 3}}, LiveReader.chunkOrders(new ReaderModel(128, ChunkOrder.ASCENDING, Cache.NONE), 4));
        assertArrayEquals(new int[][] {{3, 2, 1, 0}}, LiveReader.chunkOrders(new ReaderModel(128, ChunkOrder.DESCENDING, Cache.NONE), 4));
        assertArrayEquals(new int[][] {{0}}, LiveReader.chunkOrders(new ReaderModel(512, ChunkOrder.ANY, Cache.NONE), 1));
    }

    @Test
    void anyOrderDrawsFromEveryPermutationOfFourChunksAndFromFixedOnesOfEight() {
        int[][] four = LiveReader.chunkOrders(new ReaderModel(128, ChunkOrder.ANY, Cache.NONE), 4);
        assertEquals(24, distinctPermutations(four, 4));
        int[][] eight = LiveReader.chunkOrders(new ReaderModel(64, ChunkOrder.ANY, Cache.NONE), 8);
        assertEquals(258, eight.length);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, eight[0]);
        assertArrayEquals(new int[] {7, 6, 5, 4, 3, 2, 1, 0}, eight[1]);
        assertTrue(distinctPermutations(eight, 8) > 250, "pseudo-random orders mostly distinct");
        assertArrayEquals(eight[100], LiveReader.chunkOrders(new ReaderModel(64, ChunkOrder.ANY, Cache.STICKY), 8)[100],
                "fixed: the same orders every time");
    }

    /** Checks every order is a permutation of {@code 0..n-1} and counts the distinct ones. */
    private static int distinctPermutations(int[][] orders, int n) {
        Set<List<Integer>> distinct = new HashSet<>();
        for (int[] o : orders) {
            int[] sorted = o.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) assertEquals(i, sorted[i], Arrays.toString(o));
            distinct.add(Arrays.stream(o).boxed().toList());
        }
        return distinct.size();
    }
}
