package dev.hitless.stress;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanExecutor;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncHandler;
import dev.hitless.reader.Observation;
import dev.hitless.reader.LiveReader;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.suite.StressCase;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer/reader race on one live entry: the per-sample state of every hitless jcstress test (generated and
 * showcase). A test class holds a static {@link Setup} and one {@code Race} per jcstress state.
 *
 * <h2>Writer</h2>
 * {@link #writer()} runs the plan with {@link PlanExecutor} (the only code that runs plans) on an entry of the
 * per-JVM {@link SlotRing}, initialised to the old entry. Each sync that invalidates the entry is the hardware
 * model's handshake ({@link #sync}): drop the sticky copy, then wait until no fetch that began before is in flight.
 *
 * <h2>Reader</h2>
 * {@link #reader()} is one hardware fetch following the {@link ReaderModel}: chunks of the model's width, each read
 * atomically with {@link EntryTable#readChunk}, in ascending, descending or (for {@code ANY}) a random order drawn
 * per sample. The fetched entry is judged by the {@link Oracle} and returned as its {@link Observation#key}
 * ({@code "TORN nnoo"}), the same string the checker's outcome keys use.
 *
 * <h2>Sticky cache</h2>
 * The hardware had the live (old) entry cached before the update began, and it re-fetches only when a sync drops
 * the cache, at the sync, while memory is stable (the checker's model: only the state at the start of each window
 * is observed). So with a sticky cache the reader returns the per-state cached copy, and an entry sync refills that
 * copy by fetching the entry (the same chunked fetch) before the writer's next store. The cached observation is
 * published with a volatile store; the reader reads it with a volatile load.
 *
 * <h2>Handshake without a cache</h2>
 * The fetch and the sync's wait are {@link LiveReader}'s (the same code the JMH device thread uses): a sync waits
 * until no fetch that began before it is still in flight, so no fetch straddles a completed sync.
 */
public final class Race implements SyncHandler {
    private static final VarHandle CACHED_KEY;

    static {
        try {
            CACHED_KEY = MethodHandles.lookup().findVarHandle(Race.class, "cachedKey", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Setup setup;
    private final EntryTable table = SlotRing.TABLE;
    private final int slot;
    private final LiveReader hardware;
    @SuppressWarnings("unused") // accessed through CACHED_KEY
    private String cachedKey;

    public Race(Setup setup) {
        this.setup = setup;
        this.slot = SlotRing.next(setup.old);
        this.hardware = new LiveReader(table, slot, setup.chunkBits, setup.orders);
        this.cachedKey = setup.oldKey; // the live entry is in the hardware's cache; published to the actors by jcstress
    }

    /** The plan's setup for a test: built once per test class (per fork) from the same names the generator used. */
    public static Setup setup(String format, String ordering, String from, String to, String preset) {
        return new Setup(new StressCase(format, ordering, from, to, preset));
    }

    /** Setup for a hand-written plan (showcase mutants); {@code c} names the format, transition and preset. */
    public static Setup setup(StressCase c, Plan plan) {
        return new Setup(c, plan);
    }

    // ---- writer ----------------------------------------------------------------------------------------------

    public void writer() {
        PlanExecutor.execute(setup.plan, table, slot, this);
    }

    @Override
    public void sync(Step.Sync sync) {
        if (!sync.invalidatesEntry()) return; // TLB-only flushes are no boundary for the entry reader
        if (setup.sticky) {
            long[] q = new long[Entry.QWORDS];
            hardware.fetchQuiescent(q);
            CACHED_KEY.setVolatile(this, setup.classify(q));
            return;
        }
        hardware.awaitNoFetchInFlight();
    }

    // ---- reader ----------------------------------------------------------------------------------------------

    public String reader() {
        if (setup.sticky) {
            return (String) CACHED_KEY.getVolatile(this);
        }
        long[] q = new long[Entry.QWORDS];
        hardware.fetch(q);
        return setup.classify(q);
    }

    /** What every state of one test shares: the plan, the reader model, the oracle, and memoised judgements. */
    public static final class Setup {
        final StressCase c;
        final Plan plan;
        final Oracle oracle;
        final ReaderModel model;
        final Entry old;
        final Entry target;
        final int chunkBits;
        final boolean sticky;
        final int[][] orders;
        final String oldKey;
        private final ConcurrentHashMap<Entry, String> keys = new ConcurrentHashMap<>();

        Setup(StressCase c) {
            this(c, c.plan());
        }

        Setup(StressCase c, Plan plan) {
            this.c = c;
            this.plan = plan;
            this.model = c.readerModel();
            this.oracle = new Oracle(plan.format(), plan.current(), plan.target());
            this.old = plan.current();
            this.target = plan.target();
            this.chunkBits = model.chunkBits();
            this.sticky = model.cache() == ReaderModel.Cache.STICKY;
            this.orders = LiveReader.chunkOrders(model);
            this.oldKey = Observation.key(oracle.judge(old), old, target, old, chunkBits);
        }

        public Plan plan() {
            return plan;
        }

        /** The checker's answer for this plan and reader model: the set the outcome table must match. */
        public dev.hitless.check.CheckResult check() {
            return dev.hitless.check.Checker.check(plan, model);
        }

        public StressCase stressCase() {
            return c;
        }

        public ReaderModel model() {
            return model;
        }

        /**
         * The observation key of a fetched entry. The oracle judges each distinct entry once; the answer is
         * memoised by the whole entry, so the result is exactly the oracle's.
         */
        String classify(long[] q) {
            Entry e = Entry.of(q);
            String k = keys.get(e);
            if (k == null) {
                k = Observation.key(oracle.judge(e), old, target, e, chunkBits);
                keys.putIfAbsent(e, k);
            }
            return k;
        }
    }
}
