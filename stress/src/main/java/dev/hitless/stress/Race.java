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
        this.slot = setup.ring.next(setup.old);
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
        return hardware.read().key;
    }

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
        private final ConcurrentHashMap<Entry, Outcome> outcomes = new ConcurrentHashMap<>();
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
            this.device = LiveReader.device(model, old, new LiveReader.Observer<Outcome>() {
                @Override
                public Outcome observe(Entry fetched) {
                    return classify(fetched);
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
            });
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
            Outcome o = outcomes.get(e);
            if (o == null) {
                Observation seen = Observation.of(oracle.judge(e), old, target, e, model.chunkBits());
                String uninit = new Observation(Seen.UNINIT, seen.chunks()).key();
                o = new Outcome(seen.key(), tables.walkedBy(e), uninit);
                outcomes.putIfAbsent(e, o);
            }
            return o;
        }
    }
}
