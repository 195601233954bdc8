package dev.hitless.plan;

import dev.hitless.memory.EntryTable;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.random.RandomGenerator;

/**
 * Runs a plan's steps on a live entry in off-heap memory. This is the only code that performs a plan: the jcstress
 * writer actors and the JMH benchmarks call it, and the checker explores the same step list.
 *
 * <p>Stores go through the table's chunk-aware writers, so readers of any chunk width see each 32-bit, 64-bit and
 * 128-bit store whole. A barrier is a release fence (earlier stores before later ones, like {@code dma_wmb});
 * a sync calls the {@link SyncHandler}.
 *
 * <h2>The device's view of store order, emulated ({@link #prepare})</h2>
 * {@link #execute(Plan, EntryTable, int, SyncHandler)} stores in program order, and on x86 (where the suites run)
 * every other agent sees the stores in that order: TSO never reorders stores. A device on ARM, or a plain struct copy
 * the compiler rearranged, may see them in another order ({@link dev.hitless.reader.Visibility}, the
 * {@linkplain dev.hitless.reader reader's contract}, rule 1). A {@link Prepared} plan emulates that freedom in the
 * writer: it cuts the plan into <em>segments</em> at each {@linkplain StoreOrder#isOrderingPoint ordering point}
 * (the plan's start opens the first) and, per run, performs each segment's stores in an order drawn at random among
 * those {@link StoreOrder#keepsOrder} allows (same-qword stores in program order, never across an ordering point).
 * The order a run performs is then the order in which the emulated device sees the stores; a reader racing on x86
 * sees exactly that order. Under {@code barrier-ordered} every segment is shuffled so; under {@code in-order} only
 * plain stores move. What this cannot show: anything about the real ARM memory system. It shows what a device that
 * sees the stores in any allowed order can observe, which is what the checker claims to enumerate.
 *
 * <p>The same prepared plan performs the driver's <em>table initialisation</em>: {@code tables} implicit stores
 * (table {@code t}'s {@linkplain EntryTable#storeTableInitialised word}), in program order before the plan's first
 * step, so part of its first segment. The driver writes its tables in an earlier function, which the compiler does
 * not merge with the update, so an initialisation keeps program order with the plan's stores exactly when two
 * {@code WRITE_ONCE} stores to different places do: under {@code in-order} the tables come first, under
 * {@code barrier-ordered} they are shuffled with the first segment's stores.
 */
public final class PlanExecutor {
    private PlanExecutor() {
    }

    /** Performs {@code plan}'s steps on entry {@code slot} of {@code table}, in program order. */
    public static void execute(Plan plan, EntryTable table, int slot, SyncHandler syncs) {
        execute(plan.steps(), table, slot, syncs);
    }

    public static void execute(List<Step> steps, EntryTable table, int slot, SyncHandler syncs) {
        for (int i = 0, n = steps.size(); i < n; i++) {
            Step s = steps.get(i);
            if (s.isStore()) store(s, table, slot);
            else ordering(s, syncs);
        }
    }

    /**
     * {@code plan} prepared to run as a device of {@code visibility} sees it, after the driver initialised
     * {@code tables} tables (0 for none): the segments are computed here, once, so each run only draws an order.
     *
     * @throws IllegalArgumentException when {@code tables} is negative or more than an entry has words for
     */
    public static Prepared prepare(Plan plan, StoreOrder visibility, int tables) {
        return new Prepared(plan.steps(), visibility, tables);
    }

    private static void store(Step s, EntryTable table, int slot) {
        switch (s) {
            case Step.Store32 w -> table.writeWord32(slot, w.word(), w.value());
            case Step.Store64 w -> table.writeQword(slot, w.qword(), w.value());
            case Step.Store128 w -> table.writeChunk128(slot, w.chunk(), w.low(), w.high());
            default -> throw new IllegalArgumentException("not a store: " + s);
        }
    }

    private static void ordering(Step s, SyncHandler syncs) {
        switch (s) {
            case Step.Barrier b -> VarHandle.releaseFence();
            case Step.Sync y -> syncs.sync(y);
            default -> throw new IllegalArgumentException("not a barrier or sync: " + s);
        }
    }

    /**
     * A plan cut into segments for one visibility, with its table initialisation. Immutable and thread-safe; a run
     * allocates a small array per segment whose stores may move (none when every segment runs as written).
     */
    public static final class Prepared {
        private final Segment[] segments;
        private final int tables;

        private Prepared(List<Step> steps, StoreOrder v, int tables) {
            if (tables < 0 || tables > EntryTable.TABLES) {
                throw new IllegalArgumentException(tables + " tables: an entry has words for 0.." + EntryTable.TABLES);
            }
            this.tables = tables;
            boolean initOrdered = v.initialisationKeepsOrder();
            List<Segment> out = new ArrayList<>();
            List<Object> members = new ArrayList<>(); // Integer table index or Step store, in program order
            for (int t = 0; t < tables; t++) members.add(t);
            for (Step s : steps) {
                if (s.isStore()) {
                    members.add(s);
                } else if (v.isOrderingPoint(s)) {
                    out.add(new Segment(members, s, v, initOrdered));
                    members.clear();
                }
                // else a barrier that orders nothing for the device (smp_wmb under barrier-ordered): no effect here
            }
            out.add(new Segment(members, null, v, initOrdered));
            this.segments = out.toArray(new Segment[0]);
        }

        /** Number of tables this plan initialises before its first step. */
        public int tables() {
            return tables;
        }

        /** The segments' stores (a {@link Step}, or an {@link Integer} table number), in program order; for tests. */
        public List<List<Object>> segments() {
            List<List<Object>> out = new ArrayList<>();
            for (Segment s : segments) out.add(List.of(s.members));
            return out;
        }

        /**
         * The ordering point that ends each segment (a barrier or sync), null for the last one; for tests.
         */
        public List<Step> points() {
            List<Step> out = new ArrayList<>();
            for (Segment s : segments) out.add(s.point);
            return out;
        }

        /**
         * Runs the plan on entry {@code slot} of {@code table}: each segment's stores, table initialisations among
         * them, in an order drawn from {@code rnd}, then the segment's barrier or sync.
         */
        public void execute(EntryTable table, int slot, SyncHandler syncs, RandomGenerator rnd) {
            execute(table, slot, syncs, rnd, null);
        }

        /**
         * {@link #execute(EntryTable, int, SyncHandler, RandomGenerator)}, also telling {@code performed} each
         * store as it is performed (a {@link Step} or an {@link Integer} table number); for tests.
         */
        public void execute(EntryTable table, int slot, SyncHandler syncs, RandomGenerator rnd,
                Consumer<Object> performed) {
            for (Segment seg : segments) {
                seg.run(table, slot, rnd, performed);
                seg.end(syncs);
            }
        }
    }

    /**
     * The stores between two ordering points and which pairs keep their order. Members are numbered in program
     * order; member {@code i} is in {@code succs[j]} when member {@code j} must be performed before it.
     *
     * <p>The hot path (every jcstress sample runs it) reads only flat arrays made here once: each member's kind,
     * index and values, so performing one is an {@code int} switch and a direct call of the table's writer (a type
     * switch over {@link Step} per store, and a hashed {@code Set} lookup per sync, cost the struct copy's writer
     * about a third of its time, docs/stress-profile.md). The draw is the rule stated in {@link #run}.
     */
    private static final class Segment {
        private static final byte TABLE = 0, STORE32 = 1, STORE64 = 2, STORE128 = 3;
        private static final byte NO_POINT = 0, BARRIER = 1, SYNC = 2;
        /** The largest product of ready counts one 64-bit draw serves ({@link #run}). */
        private static final long BATCH = 1L << 32;

        private final Object[] members;
        private final Step point;
        /** What {@link #point} is: {@link #NO_POINT}, a {@link #BARRIER} the device sees, or a {@link #SYNC}. */
        private final byte pointKind;
        /** Per member: {@link #TABLE}, {@link #STORE32}, {@link #STORE64} or {@link #STORE128}. */
        private final byte[] kind;
        /** Per member: the table, word, qword or chunk it stores. */
        private final int[] index;
        /** Per member: the value (a 32-bit store's in the low half), or a 128-bit store's low qword. */
        private final long[] low;
        /** Per member: a 128-bit store's high qword. */
        private final long[] high;
        /** True when every pair keeps program order: the segment runs as written. */
        private final boolean ordered;
        /** Per member: the members that must wait for it (later in program order, kept after it). */
        private final int[][] succs;
        /** The members no other member must precede, in program order. */
        private final int[] initiallyReady;
        /** Up to 64 members: per member, bit {@code j} when member {@code j} must be performed before it; else null. */
        private final long[] preds;
        /** More than 64 members: per member, how many members must be performed before it; else null. */
        private final int[] predCounts;

        Segment(List<Object> list, Step point, StoreOrder v, boolean initOrdered) {
            this.members = list.toArray();
            this.point = point;
            this.pointKind = switch (point) {
                case null -> NO_POINT;
                case Step.Barrier b -> BARRIER;
                case Step.Sync y -> SYNC;
                default -> throw new IllegalArgumentException("not a barrier or sync: " + point);
            };
            int n = members.length;
            kind = new byte[n];
            index = new int[n];
            low = new long[n];
            high = new long[n];
            for (int i = 0; i < n; i++) {
                switch (members[i]) {
                    case Integer t -> {
                        kind[i] = TABLE;
                        index[i] = t;
                    }
                    case Step.Store32 w -> {
                        kind[i] = STORE32;
                        index[i] = w.word();
                        low[i] = w.value();
                    }
                    case Step.Store64 w -> {
                        kind[i] = STORE64;
                        index[i] = w.qword();
                        low[i] = w.value();
                    }
                    case Step.Store128 w -> {
                        kind[i] = STORE128;
                        index[i] = w.chunk();
                        low[i] = w.low();
                        high[i] = w.high();
                    }
                    default -> throw new IllegalArgumentException("not a store: " + members[i]);
                }
            }
            boolean[][] before = new boolean[n][n];
            boolean all = true;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    boolean keep = members[j] instanceof Step a && members[i] instanceof Step b
                            ? v.keepsOrder(a, b) : initOrdered;
                    before[i][j] = keep;
                    all &= keep;
                }
            }
            this.ordered = all;
            succs = new int[n][];
            int[] counts = new int[n];
            for (int j = 0; j < n; j++) {
                int k = 0;
                for (int i = j + 1; i < n; i++) if (before[i][j]) k++;
                succs[j] = new int[k];
                k = 0;
                for (int i = j + 1; i < n; i++) {
                    if (before[i][j]) {
                        succs[j][k++] = i;
                        counts[i]++;
                    }
                }
            }
            initiallyReady = IntStream.range(0, n).filter(i -> counts[i] == 0).toArray();
            if (n <= 64) {
                preds = new long[n];
                for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) if (before[i][j]) preds[i] |= 1L << j;
                predCounts = null;
            } else {
                preds = null;
                predCounts = counts;
            }
        }

        /**
         * Performs the members: in program order when every pair keeps it; else one at a time, each drawn uniformly
         * among the <em>ready</em> members, those whose predecessors are all done, until none is left. So every
         * allowed order has a chance, and when no pair keeps its order (a free segment) this is a Fisher-Yates
         * shuffle: all {@code n!} orders equally likely.
         *
         * <p>The ready members are kept in a list: a pick is swapped out with the last, a member joins at the end
         * when its last predecessor is done. One draw and no search per member (a bit mask of the ready members,
         * searched for the drawn one, cost the struct copy's writer about 45 ns more per run, docs/stress-profile.md).
         * Whether a member's predecessors are done is a mask test for up to 64 members, a count kept per run beyond.
         * A run allocates the list (and, beyond 64 members, the counts).
         *
         * <p><b>The draws.</b> One {@code rnd.nextLong()} serves a batch of draws (a free segment of up to 12
         * members draws its whole order from one): with {@code x} its 64 bits read as a fraction of 2<sup>64</sup>,
         * a draw among {@code k} ready members takes the integer part of {@code x * k} and keeps the fraction for
         * the next draw (an unsigned multiply-high and a multiply; Brackett-Rozinsky and Lemire, "Batched ranged
         * random integer generation", 2024). The draws of a batch are then the digits of {@code x} in the mixed
         * radix of the ready counts, so a sequence of draws whose counts multiply to {@code P} comes out for the
         * {@code 2^64 / P} values of {@code x} in an interval of that length, rounded down or up: its probability
         * is {@code 1/P} within {@code 2^-64}. A batch ends before its product would pass {@link #BATCH}
         * (2<sup>32</sup>), so each sequence's probability is within a relative 2<sup>-32</sup> of the rule's, and
         * batches are independent. Nine bounded {@code nextInt} calls (each a rejection test, and a remainder)
         * cost the struct copy's writer about 36 ns a run; this costs one {@code nextLong} and nine multiplies.
         */
        void run(EntryTable table, int slot, RandomGenerator rnd, Consumer<Object> performed) {
            int n = members.length;
            if (ordered) {
                for (int i = 0; i < n; i++) perform(i, table, slot, performed);
                return;
            }
            int[] ready = Arrays.copyOf(initiallyReady, n);
            int nr = initiallyReady.length;
            int[] pending = preds == null ? predCounts.clone() : null;
            long done = 0;
            long bits = 0, product = BATCH + 1; // the first draw starts a batch
            while (nr > 0) {
                product *= nr; // < 2^32 * 2^31 before the test: no overflow
                if (product > BATCH) {
                    bits = rnd.nextLong();
                    product = nr;
                }
                int r = (int) Math.unsignedMultiplyHigh(bits, nr);
                bits *= nr;
                int pick = ready[r];
                ready[r] = ready[--nr];
                if (pending == null) {
                    done |= 1L << pick;
                    for (int i : succs[pick]) if ((preds[i] & ~done) == 0) ready[nr++] = i;
                } else {
                    for (int i : succs[pick]) if (--pending[i] == 0) ready[nr++] = i;
                }
                perform(pick, table, slot, performed);
            }
        }

        /** The ordering point that ends the segment, if any: a release fence for a barrier, the handler for a sync. */
        void end(SyncHandler syncs) {
            if (pointKind == BARRIER) VarHandle.releaseFence();
            else if (pointKind == SYNC) syncs.sync((Step.Sync) point);
        }

        private void perform(int i, EntryTable table, int slot, Consumer<Object> performed) {
            switch (kind[i]) {
                case TABLE -> table.storeTableInitialised(slot, index[i]);
                case STORE32 -> table.writeWord32(slot, index[i], (int) low[i]);
                case STORE64 -> table.writeQword(slot, index[i], low[i]);
                default -> table.writeChunk128(slot, index[i], low[i], high[i]);
            }
            if (performed != null) performed.accept(members[i]);
        }
    }
}
