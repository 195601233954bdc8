package dev.hitless.stress;

import dev.hitless.entry.Entry;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanExecutor;
import dev.hitless.reader.Observation;
import dev.hitless.reader.LiveReader;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;
import dev.hitless.reader.TableInit;
import dev.hitless.suite.StressCase;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One writer/reader race on one live entry: the per-sample state of every hitless jcstress test (generated and
 * showcase). A test class holds a static {@link Setup} and one {@code Race} per jcstress state.
 *
 * <p>The race only wires things up. {@link #writer()} runs the plan with {@link PlanExecutor} (the only code that runs
 * plans) on an entry of the per-JVM {@link SlotRing} of the format's width, initialised to the old entry with its tables uninitialised: as
 * a device of the reader model's {@linkplain dev.hitless.reader.Visibility visibility} sees the stores (each
 * segment's stores in an order drawn per sample), after the driver's {@linkplain TableInit table initialisation}.
 * {@link #reader()} is one read of the hardware. Both go through the entry's {@link LiveReader}, which is the plan's
 * {@code SyncHandler}: it performs the {@linkplain dev.hitless.reader reader's contract} (fetch, chunk order, sticky
 * cache, entry syncs, tables walked). What a fetch becomes is its {@link Observation} key ({@code "TORN nnoo"},
 * {@code "UNINIT ===n===="}), the checker's outcome id.
 */
public final class Race {
    private final Setup setup;
    private final int slot;
    private final LiveReader<Outcome> hardware;

    public Race(Setup setup) {
        this.setup = setup;
        this.slot = setup.ring.next(setup.old, setup.tables.count());
        this.hardware = setup.device.attach(setup.ring.table(), slot);
    }

    /** The plan's setup for a test: built once per test class (per fork) from the same names the generator used. */
    public static Setup setup(String format, String ordering, String from, String to, String preset) {
        return new Setup(new StressCase(format, ordering, from, to, preset));
    }

    /** Setup for a hand-written plan (showcase mutants); {@code c} names the format, transition and preset. */
    public static Setup setup(StressCase c, Plan plan) {
        return new Setup(c, plan);
    }

    public void writer() {
        setup.prepared.execute(setup.ring.table(), slot, hardware, ThreadLocalRandom.current());
    }

    /** The observation key of what the hardware sees now. */
    public String reader() {
        return hardware.read(SCRATCH.get()).key;
    }

    /**
     * Each reading thread's fetch buffer (a fetch is over, and its qwords looked up, before {@code read} returns, so
     * one buffer per thread serves every state): no array per sample.
     */
    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[Entry.MAX_QWORDS]);

    /**
     * What a fetched entry becomes: its observation key, the tables the hardware walks behind it
     * ({@link TableInit#walkedBy}) and the key to report when one of them was not initialised yet.
     */
    record Outcome(String key, int walks, String uninitKey) {
    }

    /** What every state of one test shares: the plan, the reader model's device, the oracle, and memoised judgements. */
    public static final class Setup {
        final StressCase c;
        final Plan plan;
        final Oracle oracle;
        final ReaderModel model;
        final Entry old;
        final Entry target;
        final TableInit tables;
        final PlanExecutor.Prepared prepared;
        /** The entries of the format's width the states of this test take theirs from. */
        final SlotRing ring;
        private final Judged outcomes = new Judged();
        /** How a fetched entry becomes its outcome: the oracle's judgement, memoised per distinct entry. */
        final LiveReader.Observer<Outcome> observer;
        final LiveReader.Device<Outcome> device;

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
            this.tables = TableInit.of(oracle);
            this.prepared = PlanExecutor.prepare(plan, model.visibility(), tables.count());
            this.ring = SlotRing.of(old.qwords());
            this.observer = new LiveReader.Observer<Outcome>() {
                @Override
                public Outcome observe(Entry fetched) {
                    return classify(fetched);
                }

                @Override
                public Outcome observe(long[] q, int qwords) {
                    Outcome o = outcomes.get(q, qwords);
                    return o != null ? o : classify(Entry.copyOf(q, qwords));
                }

                @Override
                public int tables() {
                    return tables.count();
                }

                @Override
                public int walks(Outcome o) {
                    return o.walks;
                }

                @Override
                public Outcome uninit(Outcome o) {
                    return new Outcome(o.uninitKey, 0, o.uninitKey);
                }
            };
            this.device = LiveReader.device(model, old, observer);
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
         * The outcome of a fetched entry. The oracle judges each distinct entry once; the answer is memoised by the
         * whole entry, so the result is exactly the oracle's (and {@link TableInit#walkedBy}'s).
         */
        private Outcome classify(Entry e) {
            long[] q = e.toArray();
            Outcome o = outcomes.get(q, q.length);
            if (o == null) {
                Observation seen = Observation.of(oracle.judge(e), old, target, e, model.chunkBits());
                String uninit = new Observation(Seen.UNINIT, seen.chunks()).key();
                o = outcomes.putIfAbsent(q, new Outcome(seen.key(), tables.walkedBy(e), uninit));
            }
            return o;
        }
    }

    /**
     * The outcome of each distinct entry fetched so far, looked up by the fetched qwords themselves (no key object
     * per lookup): an open-addressing table whose slots are written once, by compare-and-set, and read by any
     * thread; past half full, the rest go to a {@link ConcurrentHashMap}. A test fetches a few dozen distinct entries
     * (every mix of old and new chunks, and what plain or 32-bit stores leave between), far below the table's
     * {@value #CAPACITY} slots. Thread-safe: the reading thread and, with a sticky cache, the syncing one use it.
     */
    static final class Judged {
        static final int CAPACITY = 1 << 10;
        private static final long MIX = 0x9E3779B97F4A7C15L;

        private record Slot(long[] qwords, Outcome outcome) {
        }

        private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(CAPACITY);
        private final AtomicInteger used = new AtomicInteger();
        private final ConcurrentHashMap<Entry, Outcome> overflow = new ConcurrentHashMap<>();

        /** The outcome memoised for the entry {@code q[0..qwords)}, or null. */
        Outcome get(long[] q, int qwords) {
            for (int i = index(q, qwords), probes = 0; probes < CAPACITY; i = (i + 1) & (CAPACITY - 1), probes++) {
                Slot s = slots.get(i);
                if (s == null) return used.get() < CAPACITY / 2 ? null : overflow.get(Entry.copyOf(q, qwords));
                if (same(s.qwords, q, qwords)) return s.outcome;
            }
            return overflow.get(Entry.copyOf(q, qwords));
        }

        /** Memoises {@code o} for the entry {@code q} (not modified later) unless one is there; returns the one kept. */
        Outcome putIfAbsent(long[] q, Outcome o) {
            if (used.get() >= CAPACITY / 2) {
                Outcome had = get(q, q.length); // kept in the table before it filled, or in the overflow map
                if (had == null) had = overflow.putIfAbsent(Entry.of(q), o);
                return had != null ? had : o;
            }
            Slot mine = new Slot(q, o);
            for (int i = index(q, q.length); ; i = (i + 1) & (CAPACITY - 1)) {
                Slot s = slots.get(i);
                if (s == null) {
                    if (slots.compareAndSet(i, null, mine)) {
                        used.incrementAndGet();
                        return o;
                    }
                    s = slots.get(i);
                }
                if (same(s.qwords, q, q.length)) return s.outcome;
            }
        }

        private static int index(long[] q, int qwords) {
            long h = qwords;
            for (int i = 0; i < qwords; i++) h += q[i] * (MIX + 2L * i);
            h *= MIX;
            return (int) (h >>> 54) & (CAPACITY - 1);
        }

        private static boolean same(long[] key, long[] q, int qwords) {
            if (key.length != qwords) return false;
            for (int i = 0; i < qwords; i++) if (key[i] != q[i]) return false;
            return true;
        }
    }
}
