package dev.hitless.plan;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.memory.EntryTable;
import dev.hitless.ordering.Orderings;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link PlanExecutor.Prepared} plan performs each segment's stores only in orders its {@link Visibility} allows,
 * every such order eventually, and the driver's table initialisation as part of the first segment.
 */
class PlanExecutorShuffleTest {
    static final EntryFormat STE = Formats.ste();
    static final Step.Sync ENTRY = Step.Sync.of(SyncKind.ENTRY);

    static Plan plan(List<Step> steps) {
        Entry a = STE.parseConfig("s2-vmid1");
        return Orderings.byName("used-bits-64").plan(STE, a, STE.parseConfig("s2-vmid1-ttb-b")).withSteps("test", steps);
    }

    static Step.Store64 w(int q, long v) {
        return new Step.Store64(q, v);
    }

    static Step.Store64 plain(int q, long v) {
        return new Step.Store64(q, v, true);
    }

    /** What one run performed, in order: stores, {@code Integer} tables, and each sync as the step itself. */
    static List<Object> run(PlanExecutor.Prepared p, EntryTable table, long seed) {
        List<Object> out = new ArrayList<>();
        table.initPlain(0, Entry.zero(8));
        table.resetTablesPlain(0);
        p.execute(table, 0, out::add, new SplittableRandom(seed), out::add);
        return out;
    }

    /**
     * Mixed plan: per run, the stores of each segment (between the visibility's ordering points) are performed before
     * the point that ends it and after the one that starts it, and each pair {@link Visibility#keepsOrder} keeps
     * stays in program order; the tables come in the first segment.
     */
    @Test
    void runsOnlyOrdersTheVisibilityAllows() {
        List<Step> steps = List.of(w(0, 1), w(1, 2), w(0, 3), new Step.Store128(1, 4, 5), new Step.Barrier(BarrierKind.SMP_WMB),
                plain(2, 6), w(4, 7), ENTRY, w(5, 8), plain(6, 9), new Step.Barrier(BarrierKind.DMA_WMB), w(7, 10),
                plain(7, 11), w(3, 12));
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            for (Visibility v : Visibility.values()) {
                PlanExecutor.Prepared p = PlanExecutor.prepare(plan(steps), v, 2);
                // The expected segment of each store, from the visibility's ordering points in program order.
                List<Object> program = new ArrayList<>(List.of(0, 1));
                List<Integer> segmentOf = new ArrayList<>(List.of(0, 0));
                int seg = 0;
                for (Step s : steps) {
                    if (s.isStore()) {
                        program.add(s);
                        segmentOf.add(seg);
                    } else if (v.isOrderingPoint(s)) {
                        seg++;
                    }
                }
                assertEquals(seg + 1, p.segments().size(), v.label());
                Set<List<Object>> orders = new HashSet<>();
                for (long seed = 0; seed < 500; seed++) {
                    List<Object> done = run(p, table, seed);
                    List<Object> stores = done.stream().filter(o -> !(o instanceof Step.Sync)).toList();
                    orders.add(stores);
                    assertEquals(new HashSet<>(program), new HashSet<>(stores), "each store once");
                    assertEquals(program.size(), stores.size());
                    for (int i = 0; i < stores.size(); i++) {
                        for (int j = i + 1; j < stores.size(); j++) {
                            int a = program.indexOf(stores.get(i)), b = program.indexOf(stores.get(j));
                            assertTrue(segmentOf.get(a) <= segmentOf.get(b), v.label() + ": " + stores + " crosses an ordering point");
                            if (b < a && segmentOf.get(a).equals(segmentOf.get(b))) {
                                assertFalse(keeps(v, program.get(b), program.get(a)),
                                        v.label() + ": " + program.get(b) + " must stay before " + program.get(a) + " in " + stores);
                            }
                        }
                    }
                    assertEquals(1, done.stream().filter(o -> o instanceof Step.Sync).count());
                    long before = 2 + steps.subList(0, steps.indexOf(ENTRY)).stream().filter(Step::isStore).count();
                    assertEquals(before, done.indexOf(ENTRY), "the sync after exactly the stores before it: " + done);
                }
                assertTrue(orders.size() > 1, v.label() + " moves some store");
            }
        }
    }

    /** Visibility's rule for two members; a table keeps order with a later store as two WRITE_ONCE stores do. */
    static boolean keeps(Visibility v, Object earlier, Object later) {
        if (earlier instanceof Step a && later instanceof Step b) return v.keepsOrder(a, b);
        return v.keepsOrder(w(0, 0), w(1, 0));
    }

    /** Three stores to different qwords and a table, under barrier-ordered: all 24 orders appear over many seeds. */
    @Test
    void everyOrderOfAFreeSegmentAppears() {
        List<Step> steps = List.of(w(0, 1), w(1, 2), w(2, 3), ENTRY);
        PlanExecutor.Prepared p = PlanExecutor.prepare(plan(steps), Visibility.BARRIER_ORDERED, 1);
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            Set<List<Object>> orders = new HashSet<>();
            for (long seed = 0; seed < 2_000; seed++) orders.add(run(p, table, seed).subList(0, 4));
            assertEquals(24, orders.size(), orders.toString());
        }
    }

    /**
     * A free segment is a uniform shuffle: over 48,000 runs each of the 24 orders of three stores and a table comes
     * 2,000 times give or take 300 (about 7 standard deviations: a draw that favoured some orders, e.g. a pick
     * biased towards the front of the ready list, fails).
     */
    @Test
    void theOrdersOfAFreeSegmentAreEquallyLikely() {
        List<Step> steps = List.of(w(0, 1), w(1, 2), w(2, 3), ENTRY);
        PlanExecutor.Prepared p = PlanExecutor.prepare(plan(steps), Visibility.BARRIER_ORDERED, 1);
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            java.util.Map<List<Object>, Integer> counts = new java.util.HashMap<>();
            SplittableRandom rnd = new SplittableRandom(24);
            for (int run = 0; run < 48_000; run++) {
                List<Object> done = new ArrayList<>();
                p.execute(table, 0, done::add, rnd, done::add);
                counts.merge(done.subList(0, 4), 1, Integer::sum);
            }
            assertEquals(24, counts.size());
            counts.forEach((order, n) -> assertTrue(n > 1_700 && n < 2_300, order + " came " + n + " times"));
        }
    }

    /**
     * A segment with a kept pair draws uniformly among the <em>ready</em> stores at each step, not among the allowed
     * orders: {@code a(q0) b(q1) c(q0)} gives {@code b a c} half the time ({@code b} first, then only {@code a} is
     * ready), {@code a b c} and {@code a c b} a quarter each. 40,000 runs: each count within about 7 standard
     * deviations (a draw uniform over the three orders, or one that ignored the ready list, fails).
     */
    @Test
    void eachDrawIsUniformAmongTheReadyStores() {
        List<Step> steps = List.of(w(0, 1), w(1, 2), w(0, 3));
        PlanExecutor.Prepared p = PlanExecutor.prepare(plan(steps), Visibility.BARRIER_ORDERED, 0);
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            java.util.Map<List<Object>, Integer> counts = new java.util.HashMap<>();
            SplittableRandom rnd = new SplittableRandom(7);
            for (int run = 0; run < 40_000; run++) {
                List<Object> done = new ArrayList<>();
                p.execute(table, 0, done::add, rnd, done::add);
                counts.merge(done, 1, Integer::sum);
            }
            Step a = steps.get(0), b = steps.get(1), c = steps.get(2);
            assertEquals(3, counts.size(), counts.toString());
            assertEquals(20_000, counts.get(List.of(b, a, c)), 700.0, "b a c: " + counts);
            assertEquals(10_000, counts.get(List.of(a, b, c)), 600.0, "a b c: " + counts);
            assertEquals(10_000, counts.get(List.of(a, c, b)), 600.0, "a c b: " + counts);
        }
    }

    /**
     * A free segment whose orders outnumber one 64-bit draw's batch (16 stores: 16! > 2^32, so the draws of a run
     * come from two or more {@code nextLong}s, docs in {@code Segment.run}): every store lands in every position
     * equally often. 64,000 runs, 4,000 per store and position, each within 600 (over 9 standard deviations of the
     * 256 counts, none can fail by chance; a batch that reused bits across its end, or a draw biased to one end of
     * the ready list, skews positions by far more).
     */
    @Test
    void aSegmentLongerThanOneBatchIsStillAUniformShuffle() {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 16; i++) steps.add(w(i % 8, i + 1));
        StoreOrder free = new StoreOrder() {
            @Override
            public boolean isOrderingPoint(Step step) {
                return step instanceof Step.Sync;
            }

            @Override
            public boolean keepsOrder(Step earlier, Step later) {
                return false;
            }
        };
        PlanExecutor.Prepared p = PlanExecutor.prepare(plan(steps), free, 0);
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            int[][] at = new int[16][16];
            SplittableRandom rnd = new SplittableRandom(16);
            for (int run = 0; run < 64_000; run++) {
                List<Object> done = new ArrayList<>();
                p.execute(table, 0, y -> { }, rnd, done::add);
                assertEquals(16, done.size());
                for (int pos = 0; pos < 16; pos++) at[steps.indexOf(done.get(pos))][pos]++;
            }
            for (int i = 0; i < 16; i++) {
                for (int pos = 0; pos < 16; pos++) {
                    assertEquals(4_000, at[i][pos], 600.0, "store " + i + " at position " + pos);
                }
            }
        }
    }

    /** Two stores to one qword among three: exactly the 12 orders that keep the pair, never the other 12. */
    @Test
    void sameQwordStoresKeepTheirOrder() {
        List<Step> steps = List.of(w(0, 1), w(1, 2), w(0, 3), w(2, 4));
        PlanExecutor.Prepared p = PlanExecutor.prepare(plan(steps), Visibility.BARRIER_ORDERED, 0);
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            Set<List<Object>> orders = new HashSet<>();
            for (long seed = 0; seed < 2_000; seed++) {
                List<Object> o = run(p, table, seed);
                assertTrue(o.indexOf(steps.get(0)) < o.indexOf(steps.get(2)), o.toString());
                assertEquals(3, table.loadPlain(0, 0), "the later store to q0 is the one memory keeps");
                orders.add(o);
            }
            assertEquals(12, orders.size());
        }
    }

    /** Under in-order only plain stores move, and the tables come first. */
    @Test
    void inOrderMovesOnlyPlainStoresAndWritesTheTablesFirst() {
        List<Step> steps = List.of(w(0, 1), plain(1, 2), plain(2, 3), w(3, 4), ENTRY);
        PlanExecutor.Prepared p = PlanExecutor.prepare(plan(steps), Visibility.IN_ORDER, 1);
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            Set<List<Object>> orders = new HashSet<>();
            for (long seed = 0; seed < 2_000; seed++) {
                List<Object> o = run(p, table, seed);
                assertEquals(0, o.getFirst(), "the table first: " + o);
                assertTrue(o.indexOf(steps.get(0)) < o.indexOf(steps.get(3)), "WRITE_ONCE stores keep their order: " + o);
                orders.add(o);
            }
            assertEquals(12, orders.size(), "the two plain stores go anywhere: 4!/2 orders");
            List<Step> writeOnce = List.of(w(0, 1), w(1, 2), w(2, 3), ENTRY);
            PlanExecutor.Prepared q = PlanExecutor.prepare(plan(writeOnce), Visibility.IN_ORDER, 2);
            for (long seed = 0; seed < 50; seed++) {
                assertEquals(List.of(0, 1, writeOnce.get(0), writeOnce.get(1), writeOnce.get(2), ENTRY), run(q, table, seed));
            }
        }
    }

    /**
     * used-bits-64 moving an STE to a new stage-2 table: with its leading barrier the table is alone in the first
     * segment; without it the table and the S2TTB store share it, in either order.
     */
    @Test
    void theTableInitialisationIsPartOfTheFirstSegment() {
        Plan shipped = Orderings.byName("used-bits-64").plan(STE, STE.parseConfig("s2-vmid1"), STE.parseConfig("s2-vmid1-ttb-b"));
        assertEquals(new Step.Barrier(BarrierKind.DMA_WMB), shipped.steps().getFirst(), shipped.toString());
        Step s2ttb = shipped.steps().get(1);
        PlanExecutor.Prepared with = PlanExecutor.prepare(shipped, Visibility.BARRIER_ORDERED, 1);
        assertEquals(List.of(List.of(0), List.of(s2ttb), List.of()), with.segments());
        assertEquals(shipped.steps().getFirst(), with.points().getFirst());

        Plan bug = shipped.withSteps("no-leading-barrier", shipped.steps().subList(1, shipped.steps().size()));
        PlanExecutor.Prepared without = PlanExecutor.prepare(bug, Visibility.BARRIER_ORDERED, 1);
        assertEquals(List.of(List.of(0, s2ttb), List.of()), without.segments());
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            Set<List<Object>> orders = new HashSet<>();
            for (long seed = 0; seed < 200; seed++) {
                orders.add(run(without, table, seed).subList(0, 2));
                assertEquals(1, table.initialisedTables(0, 1), "the run initialised the table");
            }
            assertEquals(Set.of(List.of(0, s2ttb), List.of(s2ttb, 0)), orders);
            table.resetTablesPlain(0);
            assertEquals(0, table.initialisedTables(0, 1), "reset before each sample");
        }
    }

    /** Every built-in plan under every visibility leaves the target in memory and hands out every sync in order. */
    @Test
    void everyBuiltInPlanLeavesTheTargetUnderEveryVisibility() {
        int runs = 0;
        Random rnd = new Random(1);
        for (EntryFormat f : Formats.all()) {
            try (EntryTable table = EntryTable.allocate(1, f.qwords())) {
                for (NamedConfig from : f.catalogue()) {
                    for (NamedConfig to : f.catalogue()) {
                        for (Ordering o : Orderings.builtInsFor(f)) {
                            Plan plan = o.plan(f, from.entry(), to.entry());
                            for (Visibility v : Visibility.values()) {
                                table.initPlain(0, from.entry());
                                List<Step.Sync> syncs = new ArrayList<>();
                                PlanExecutor.prepare(plan, v, 2).execute(table, 0, syncs::add, rnd);
                                String what = o.name() + " " + f.name() + " " + from.name() + " -> " + to.name() + " " + v.label();
                                assertEquals(to.entry(), table.loadEntryOpaque(0), what);
                                assertEquals(plan.steps().stream().filter(s -> s instanceof Step.Sync).toList(), syncs, what);
                                runs++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(runs > 2000, "ran " + runs);
    }

    /** A segment of more than 64 stores (the general path) keeps each qword's stores in program order. */
    @Test
    void aLongSegmentKeepsEachQwordsOrder() {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 80; i++) steps.add(w(i % 8, i));
        PlanExecutor.Prepared p = PlanExecutor.prepare(plan(steps), Visibility.BARRIER_ORDERED, 1);
        try (EntryTable table = EntryTable.allocate(1, 8)) {
            Set<List<Object>> orders = new HashSet<>();
            for (long seed = 0; seed < 20; seed++) {
                List<Object> o = run(p, table, seed);
                assertEquals(81, o.size());
                long[] last = new long[8];
                Arrays.fill(last, -1);
                for (Object m : o) {
                    if (m instanceof Step.Store64 s) {
                        assertTrue(s.value() > last[s.qword()], "q" + s.qword() + " out of order in " + o);
                        last[s.qword()] = s.value();
                    }
                }
                for (int q = 0; q < 8; q++) assertEquals(72 + q, table.loadPlain(0, q));
                orders.add(o);
            }
            assertEquals(20, orders.size(), "shuffled");
        }
    }
}
