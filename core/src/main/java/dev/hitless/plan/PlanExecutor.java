package dev.hitless.plan;

import dev.hitless.memory.EntryTable;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
     * allocates nothing unless a segment holds more than 64 stores.
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
                if (seg.point != null) ordering(seg.point, syncs);
            }
        }
    }

    /**
     * The stores between two ordering points and which pairs keep their order. Members are numbered in program
     * order; {@code preds[i]} has bit {@code j} when member {@code j} must be performed before member {@code i}.
     */
    private static final class Segment {
        private final Object[] members;
        private final Step point;
        /** True when every pair keeps program order: the segment runs as written. */
        private final boolean ordered;
        /** Up to 64 members: predecessor masks. */
        private final long[] preds;
        /** More than 64 members: successor lists and predecessor counts. */
        private final int[][] succs;
        private final int[] predCounts;

        Segment(List<Object> list, Step point, StoreOrder v, boolean initOrdered) {
            this.members = list.toArray();
            this.point = point;
            int n = members.length;
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
            if (ordered) {
                preds = null;
                succs = null;
                predCounts = null;
            } else if (n <= 64) {
                preds = new long[n];
                for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) if (before[i][j]) preds[i] |= 1L << j;
                succs = null;
                predCounts = null;
            } else {
                preds = null;
                succs = new int[n][];
                predCounts = new int[n];
                for (int j = 0; j < n; j++) {
                    int k = 0;
                    for (int i = j + 1; i < n; i++) if (before[i][j]) k++;
                    succs[j] = new int[k];
                    k = 0;
                    for (int i = j + 1; i < n; i++) {
                        if (before[i][j]) {
                            succs[j][k++] = i;
                            predCounts[i]++;
                        }
                    }
                }
            }
        }

        void run(EntryTable table, int slot, RandomGenerator rnd, Consumer<Object> performed) {
            int n = members.length;
            if (ordered) {
                for (int i = 0; i < n; i++) perform(i, table, slot, performed);
            } else if (preds != null) {
                // Repeatedly perform one member, uniformly among those whose predecessors are all done.
                long done = 0;
                for (int k = 0; k < n; k++) {
                    long ready = 0;
                    for (int i = 0; i < n; i++) {
                        if ((done & (1L << i)) == 0 && (preds[i] & ~done) == 0) ready |= 1L << i;
                    }
                    int pick = nthSetBit(ready, rnd.nextInt(Long.bitCount(ready)));
                    done |= 1L << pick;
                    perform(pick, table, slot, performed);
                }
            } else {
                int[] pending = predCounts.clone();
                int[] ready = new int[n];
                int nr = 0;
                for (int i = 0; i < n; i++) if (pending[i] == 0) ready[nr++] = i;
                while (nr > 0) {
                    int r = rnd.nextInt(nr);
                    int pick = ready[r];
                    ready[r] = ready[--nr];
                    perform(pick, table, slot, performed);
                    for (int i : succs[pick]) if (--pending[i] == 0) ready[nr++] = i;
                }
            }
        }

        private void perform(int i, EntryTable table, int slot, Consumer<Object> performed) {
            Object m = members[i];
            if (m instanceof Step s) store(s, table, slot);
            else table.storeTableInitialised(slot, (Integer) m);
            if (performed != null) performed.accept(m);
        }

        private static int nthSetBit(long bits, int n) {
            long b = bits;
            for (int k = 0; k < n; k++) b &= b - 1;
            return Long.numberOfTrailingZeros(b);
        }
    }
}
