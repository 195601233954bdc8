package dev.hitless.reader;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncHandler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@linkplain dev.hitless.reader reader's contract} at run time, on one live entry of an {@link EntryTable}: the
 * hardware's fetch ({@link #read}), its cache, and what an entry sync does to both ({@link #sync}, so a
 * {@code LiveReader} is the {@link SyncHandler} of the plan run on its entry). The jcstress {@code Race} and the JMH
 * device thread wire one up; neither adds behaviour of its own.
 *
 * <p>A {@link Device} holds what every reader of one test shares (the model, its chunk orders, and how a fetched
 * entry becomes the caller's observation {@code T}, its {@link Observer}); {@link Device#attach} makes the reader of
 * one entry. jcstress makes a fresh state, and so a fresh reader, per sample: a reader allocates nothing beyond
 * itself, and a fetch nothing beyond its scratch buffer and, unless its observer looks the fetched qwords up
 * itself ({@link Observer#observe(long[], int)}), the fetched {@link Entry}.
 *
 * <h2>Implementation</h2>
 * Each chunk is read atomically by {@link EntryTable#readChunk}. Without a cache, {@link #read} fetches memory, in the
 * model's chunk order (for {@code ANY} one drawn per fetch from {@link #chunkOrders}), and the sync is the handshake
 * below. With a sticky cache, {@link #read} returns the cached observation and never reads memory; the sync refills
 * the cache itself by fetching the entry in the syncing thread, while memory is stable (the writer is inside the
 * sync), and publishes it with a volatile store that the reader's volatile load pairs with. So no fetch is ever in
 * flight across a sync, and there is nothing to wait for.
 *
 * <h3>Tables behind the pointers</h3>
 * When the driver initialises tables before the update ({@link TableInit}; the writer stores them as
 * {@linkplain EntryTable#storeTableInitialised table words}, {@link dev.hitless.plan.PlanExecutor.Prepared}), a fetch
 * reads those words right after its chunks, as the hardware walks the tables after it fetched the entry. If the
 * observer says the fetched entry walks a table ({@link Observer#walks}: judged NEW, using a pointer field that holds
 * the target's value) whose word was still uninitialised, the observation is the observer's
 * {@link Observer#uninit UNINIT} form of it. A sticky cache fetches at entry syncs only, in the syncing thread, with
 * the same code; every table is initialised by then (its words are stored before the plan's first ordering point).
 *
 * <h3>Handshake: a Dekker pair on one fetch sequence per live entry</h3>
 * <pre>
 *   fetch: seq = odd (volatile); full fence; read the chunks; seq = even (release)
 *   sync:  full fence; s = seq (volatile); if s is odd, spin until seq != s
 * </pre>
 * Each side stores, fences, then loads, so at least one sees the other: either the sync sees the fetch in flight and
 * waits for it to end, or the fetch started after the writer's stores were globally visible and sees all of them.
 * The writer's full fence matters on x86, which lets a store pass a later load: without it the sync could read the
 * sequence before its stores leave the store buffer, miss a fetch that has just begun, and let that fetch read chunks
 * from both sides of the sync (the jcstress gate caught this as an outcome the checker rules out). Waiting for the
 * sequence to <em>change</em> (not to become even) lets a device that fetches back to back not starve the writer.
 *
 * <p>Invariants: one reading thread per {@code LiveReader} (it alone writes the sequence), one writer per entry (it
 * alone syncs), and the reader is published to both threads safely after construction (jcstress and JMH do so).
 *
 * @param <T> what the caller makes of a fetched entry: a judgement, an outcome key, or the entry itself
 */
public final class LiveReader<T> implements SyncHandler {
    private static final VarHandle SEQ;
    private static final VarHandle CACHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SEQ = l.findVarHandle(LiveReader.class, "seq", long.class);
            CACHED = l.findVarHandle(LiveReader.class, "cached", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Device<T> device;
    private final EntryTable table;
    private final int slot;
    @SuppressWarnings("unused") // accessed through SEQ
    private long seq;
    /** Sticky cache only: the observation of the cached copy; accessed through CACHED after construction. */
    private Object cached;

    private LiveReader(Device<T> device, EntryTable table, int slot) {
        this.device = device;
        this.table = table;
        this.slot = slot;
        this.cached = device.atStart; // the live entry is in the hardware's cache before the update begins
    }

    /**
     * How a reader model reads, shared by every {@link LiveReader} of one test: build once (per test class, per
     * benchmark trial), attach once per live entry. Immutable.
     *
     * @param <T> what a fetched entry becomes
     */
    public static final class Device<T> {
        private final ReaderModel model;
        /** The entry's width: every table this device attaches to has entries of this many qwords. */
        private final int qwords;
        private final int[][] orders;
        private final boolean sticky;
        private final Observer<T> observer;
        /** Bit t for each table the driver initialises. */
        private final int tables;
        private final T atStart;

        private Device(ReaderModel model, Entry live, Observer<T> observer) {
            this.model = model;
            this.qwords = live.qwords();
            this.orders = chunkOrders(model, model.chunks(qwords));
            this.sticky = model.cache() == ReaderModel.Cache.STICKY;
            this.observer = observer;
            int n = observer.tables();
            if (n < 0 || n > EntryTable.TABLES) throw new IllegalArgumentException(n + " tables: an entry has words for 0.." + EntryTable.TABLES);
            this.tables = (1 << n) - 1;
            this.atStart = observer.observe(live);
        }

        public ReaderModel model() {
            return model;
        }

        /**
         * The reader of entry {@code slot} of {@code table}, whose cache (if any) holds {@code live} to begin with.
         *
         * @throws IllegalArgumentException when the table's entries are not as wide as {@code live}
         */
        public LiveReader<T> attach(EntryTable table, int slot) {
            if (table.qwords() != qwords) {
                throw new IllegalArgumentException("a reader of " + qwords + "-qword entries on a table of "
                        + table.qwords() + "-qword entries");
            }
            return new LiveReader<>(this, table, slot);
        }
    }

    /**
     * How a fetched entry becomes the caller's observation, and which tables the hardware walks behind it. Called by
     * the reading thread (or, for a sticky cache, by the syncing one), so it must be thread-safe.
     *
     * @param <T> the observation
     */
    public interface Observer<T> {
        /** The observation of a fetched entry. */
        T observe(Entry fetched);

        /**
         * The observation of the entry fetched into {@code q[0..qwords)}, which the caller may overwrite once this
         * returns: {@link #observe(Entry)} of a copy, unless an observer that memoises by entry overrides it to look
         * its answer up without copying (the jcstress race does: one copy per fetch was a fifth of its reader's time,
         * docs/stress-profile.md). Either way it must be exactly {@code observe(Entry.copyOf(q, qwords))}.
         */
        default T observe(long[] q, int qwords) {
            return observe(Entry.copyOf(q, qwords));
        }

        /** How many tables the driver initialises before the update ({@link TableInit#count()}); 0 by default. */
        default int tables() {
            return 0;
        }

        /**
         * The tables the hardware walks after a fetch observed as {@code observed}, bit {@code t} for table
         * {@code t} ({@link TableInit#walkedBy}); 0 by default.
         */
        default int walks(T observed) {
            return 0;
        }

        /** What {@code observed} becomes when a table it walks was not initialised yet ({@link Seen#UNINIT}). */
        default T uninit(T observed) {
            throw new IllegalStateException("an observer that walks tables must say what an uninitialised walk is");
        }
    }

    /**
     * The hardware of {@code model}, reading entries that hold {@code live} when the update begins (and are as wide
     * as it); each fetch is handed to {@code observer}. A lambda {@code e -> ...} is an observer with no tables behind
     * the pointers. {@code observer.observe(live)} is computed here, once.
     *
     * @throws IllegalArgumentException when the model's chunk is wider than {@code live}
     */
    public static <T> Device<T> device(ReaderModel model, Entry live, Observer<T> observer) {
        return new Device<>(model, live, observer);
    }

    /**
     * The chunk orders a fetch of {@code n} chunks may use: one for ASCENDING or DESCENDING; for ANY every
     * permutation when there are at most 4 chunks, else ascending, descending and 256 fixed pseudo-random permutations.
     */
    static int[][] chunkOrders(ReaderModel m, int n) {
        int[] asc = new int[n];
        int[] desc = new int[n];
        for (int i = 0; i < n; i++) {
            asc[i] = i;
            desc[i] = n - 1 - i;
        }
        return switch (m.order()) {
            case ASCENDING -> new int[][] {asc};
            case DESCENDING -> new int[][] {desc};
            case ANY -> {
                List<int[]> all = new ArrayList<>();
                if (n <= 4) {
                    permute(asc.clone(), 0, all);
                } else {
                    all.add(asc);
                    all.add(desc);
                    Random rnd = new Random(0x5EED);
                    for (int k = 0; k < 256; k++) {
                        int[] p = asc.clone();
                        for (int i = n - 1; i > 0; i--) {
                            int j = rnd.nextInt(i + 1);
                            int t = p[i];
                            p[i] = p[j];
                            p[j] = t;
                        }
                        all.add(p);
                    }
                }
                yield all.toArray(new int[0][]);
            }
        };
    }

    private static void permute(int[] a, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permute(a, k + 1, out);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }

    // ---- the reading thread ----------------------------------------------------------------------------------

    /** What the hardware sees now: the cached copy, or else one fetch of memory. */
    public T read() {
        return device.sticky ? cached() : fetch(new long[device.qwords]);
    }

    /**
     * {@link #read()}, fetching through {@code scratch} (at least as many qwords as the entry, so {@link
     * Entry#MAX_QWORDS} fit any; the reading thread's own) instead of a new one.
     */
    public T read(long[] scratch) {
        return device.sticky ? cached() : fetch(scratch);
    }

    @SuppressWarnings("unchecked") // only observations of this reader's device are stored
    private T cached() {
        return (T) CACHED.getVolatile(this);
    }

    private T fetch(long[] q) {
        int[][] orders = device.orders;
        int[] order = orders.length == 1 ? orders[0] : orders[ThreadLocalRandom.current().nextInt(orders.length)];
        long s = beginFetch();
        readChunks(order, q);
        int initialised = initialisedTables();
        endFetch(s);
        return observe(q, initialised);
    }

    /** The tables whose initialisation this reader sees now (right after its chunk reads: the hardware's walk). */
    private int initialisedTables() {
        return device.tables == 0 ? 0 : table.initialisedTables(slot, device.tables);
    }

    /** The observation of fetched qwords {@code q}, UNINIT when they walk a table not in {@code initialised}. */
    private T observe(long[] q, int initialised) {
        Observer<T> o = device.observer;
        T t = o.observe(q, device.qwords);
        if (device.tables == 0 || (o.walks(t) & ~initialised) == 0) return t;
        return o.uninit(t);
    }

    /** The fetcher's half of the handshake, first step: announce the fetch before its first chunk read. */
    long beginFetch() {
        long s = (long) SEQ.get(this); // only the reading thread writes seq
        SEQ.setVolatile(this, s + 1);
        VarHandle.fullFence();
        return s;
    }

    /** The fetcher's half, last step: the fetch that {@link #beginFetch} announced is over. */
    void endFetch(long s) {
        SEQ.setRelease(this, s + 2);
    }

    private void readChunks(int[] order, long[] dst) {
        int bits = device.model.chunkBits();
        int per = bits >>> 6;
        for (int c : order) {
            table.readChunk(slot, bits, c, dst, c * per);
        }
    }

    // ---- the syncing thread ----------------------------------------------------------------------------------

    /** What the sync does for the hardware: for an entry sync, refill the cache or wait out the fetch in flight. */
    @Override
    public void sync(Step.Sync sync) {
        if (!sync.invalidatesEntry()) return;
        if (device.sticky) {
            long[] q = new long[device.qwords];
            readChunks(device.orders[0], q); // memory is stable: the writer is here
            CACHED.setVolatile(this, observe(q, initialisedTables()));
            return;
        }
        awaitNoFetchInFlight();
    }

    /** The sync's half of the handshake: returns once no fetch that began before this call is still in flight. */
    private void awaitNoFetchInFlight() {
        VarHandle.fullFence(); // the writer's stores before the sync are visible before it looks at the fetcher
        long s = (long) SEQ.getVolatile(this);
        if ((s & 1) != 0) {
            while ((long) SEQ.getVolatile(this) == s) {
                Thread.onSpinWait();
            }
        }
    }
}
