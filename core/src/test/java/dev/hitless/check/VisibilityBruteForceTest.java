package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.format.NarrowFormats;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.ReaderModel.Cache;
import dev.hitless.reader.ReaderModel.ChunkOrder;
import dev.hitless.reader.Seen;
import dev.hitless.reader.TableInit;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker against a brute force that knows nothing of timelines, classes or down-sets: for random small plans it
 * tries every permutation of the stores between two ordering points (keeping those that respect
 * {@link Visibility#keepsOrder}), with the table initialisation as one more store in the first segment, reads every
 * chunk at every version of the resulting order (non-decreasing versions for an ordered reader), lets the device walk
 * the tables at any moment after the fetch, and judges each result with the {@link Oracle}. The two outcome sets,
 * and the two sets of observed entries, must be equal. On every entry width (the built-in formats' 8 qwords, the test
 * formats' 4 and 2), with chunks of 64 bits up to the whole entry.
 */
class VisibilityBruteForceTest {

    @Test
    void checkerEqualsBruteForceOnRandomSmallPlans() {
        Random rnd = new Random(20261201);
        int compared = 0, withUninit = 0, differingVisibility = 0, wholeEntry = 0, halfQword = 0;
        java.util.Map<Integer, Integer> byWidth = new java.util.TreeMap<>();
        List<EntryFormat> formats = NarrowFormats.everyWidth();
        for (int round = 0; round < 1200; round++) {
            EntryFormat f = formats.get(rnd.nextInt(formats.size()));
            List<NamedConfig> cat = f.catalogue();
            Entry from = cat.get(rnd.nextInt(cat.size())).entry();
            Entry to = cat.get(rnd.nextInt(cat.size())).entry();
            Plan plan = randomPlan(rnd, f, from, to);
            if (plan.steps().stream().anyMatch(s -> s instanceof Step.Store32)) halfQword++;
            // 64 or 128 bits, or one atomic read of the whole entry
            int bits = List.of(64, 128, f.qwords() * 64).get(rnd.nextInt(3));
            if (bits == f.qwords() * 64) wholeEntry++;
            byWidth.merge(f.qwords(), 1, Integer::sum);
            ChunkOrder order = ChunkOrder.values()[rnd.nextInt(3)];
            Set<Observation> inOrder = null;
            for (Visibility v : Visibility.values()) {
                ReaderModel m = new ReaderModel(bits, order, Cache.NONE, v);
                Set<Observation> brute = bruteForce(plan, m, true);
                CheckResult r = Checker.check(plan, m);
                assertEquals(brute, r.outcomes(), () -> "outcomes differ for " + m.label() + "\n" + plan);
                assertEquals(bruteEntries, Checker.observations(plan, m), () -> "entries differ for " + m.label() + "\n" + plan);
                if (brute.stream().anyMatch(o -> o.seen() == Seen.UNINIT)) withUninit++;
                if (inOrder == null) inOrder = brute;
                else if (!inOrder.equals(brute)) differingVisibility++;
                compared++;
            }
        }
        // the random plans must exercise what this test is about
        assertTrue(withUninit > 10, "UNINIT cases: " + withUninit);
        assertTrue(differingVisibility > 20, "plans whose outcomes depend on the visibility: " + differingVisibility);
        assertTrue(wholeEntry > 200, "plans read with one chunk for the whole entry: " + wholeEntry);
        assertTrue(halfQword > 200, "plans with a 32-bit store (half a qword): " + halfQword);
        assertTrue(byWidth.keySet().equals(java.util.Set.of(2, 4, 8)) && byWidth.values().stream().allMatch(n -> n > 150),
                "rounds per entry width: " + byWidth);
        assertEquals(2400, compared);
    }

    private Set<Entry> bruteEntries;

    static Plan randomPlan(Random rnd, EntryFormat f, Entry from, Entry to) {
        List<Step> steps = new ArrayList<>();
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(10);
            if (kind < 6) {
                int q = rnd.nextInt(f.qwords());
                long v = switch (rnd.nextInt(5)) {
                    case 0, 1, 2 -> to.qword(q);
                    case 3 -> from.qword(q);
                    default -> to.qword(q) & ~1L; // e.g. valid bit cleared in q0
                };
                if (rnd.nextInt(4) == 0) {
                    // half of the qword: a 32-bit store, which keeps the other half (and program order with it)
                    int w = 2 * q + rnd.nextInt(2);
                    steps.add(new Step.Store32(w, Step.Store32.word(v, w)));
                } else {
                    steps.add(new Step.Store64(q, v, rnd.nextInt(5) == 0));
                }
            } else if (kind == 6) {
                int c = rnd.nextInt(f.qwords() / 2);
                steps.add(new Step.Store128(c, to.qword(2 * c), to.qword(2 * c + 1)));
            } else if (kind == 7) {
                steps.add(new Step.Barrier(rnd.nextBoolean() ? BarrierKind.DMA_WMB : BarrierKind.SMP_WMB));
            } else if (kind == 8) {
                steps.add(Step.Sync.of(SyncKind.ENTRY));
            } else {
                steps.add(Step.Sync.of(SyncKind.IOTLB));
            }
        }
        return new Plan("random", f, from, to, Claim.UNCLAIMED, steps);
    }

    /** A store of the plan, or the table initialisation ({@code step == -1}). */
    record Unit(int step, Step store) {
        boolean isTable() {
            return step < 0;
        }
    }

    /** Every outcome by brute force; also fills {@link #bruteEntries} with every observed entry. */
    Set<Observation> bruteForce(Plan plan, ReaderModel m, boolean unused) {
        EntryFormat f = plan.format();
        Oracle oracle = new Oracle(f, plan.current(), plan.target());
        List<Field> tables = TableInit.of(oracle).fields();
        Visibility vis = m.visibility();
        Set<Observation> out = new HashSet<>();
        bruteEntries = new HashSet<>();
        // cut into windows of segments
        List<List<List<Unit>>> windows = new ArrayList<>();
        List<List<Unit>> segs = new ArrayList<>();
        List<Unit> seg = new ArrayList<>();
        if (!tables.isEmpty()) seg.add(new Unit(-1, null));
        for (int i = 0; i < plan.steps().size(); i++) {
            Step s = plan.steps().get(i);
            if (s.isStore()) {
                seg.add(new Unit(i, s));
            } else if (vis.isOrderingPoint(s)) {
                segs.add(seg);
                seg = new ArrayList<>();
                if (s instanceof Step.Sync y && y.invalidatesEntry()) {
                    windows.add(segs);
                    segs = new ArrayList<>();
                }
            }
        }
        segs.add(seg);
        windows.add(segs);
        Entry start = plan.current();
        boolean tableDone = tables.isEmpty();
        for (List<List<Unit>> w : windows) {
            List<List<List<Unit>>> perSegment = new ArrayList<>();
            for (List<Unit> s : w) perSegment.add(permutations(s, vis));
            for (List<Unit> order : combine(perSegment)) {
                // versions along this order
                List<Entry> versions = new ArrayList<>();
                List<Boolean> tableVisible = new ArrayList<>();
                Entry mem = start;
                boolean t = tableDone;
                versions.add(mem);
                tableVisible.add(t);
                for (Unit u : order) {
                    if (u.isTable()) t = true;
                    else mem = u.store().applyTo(mem);
                    versions.add(mem);
                    tableVisible.add(t);
                }
                reads(plan, m, oracle, tables, versions, tableVisible, out);
            }
            for (List<Unit> s : w) for (Unit u : s) if (!u.isTable()) start = u.store().applyTo(start);
            tableDone = true;
        }
        return out;
    }

    /**
     * Every fetch of these versions: for an ordered reader every non-decreasing (ascending) or non-increasing
     * (descending) assignment of versions to chunks; for any order, for each version {@code w}, every choice of chunk
     * values from versions up to {@code w}. The device walks the tables at any version from the last read on, so a
     * table is unseen exactly when it is not yet visible at the last read.
     */
    void reads(Plan plan, ReaderModel m, Oracle oracle, List<Field> tables, List<Entry> versions,
               List<Boolean> tableVisible, Set<Observation> out) {
        int chunks = m.chunks(plan.format()), n = versions.size();
        if (m.order() == ChunkOrder.ANY) {
            for (int w = 0; w < n; w++) {
                List<Set<List<Long>>> vals = new ArrayList<>();
                for (int c = 0; c < chunks; c++) {
                    Set<List<Long>> set = new java.util.LinkedHashSet<>();
                    for (int t = 0; t <= w; t++) set.add(chunk(versions.get(t), c, m));
                    vals.add(set);
                }
                product(vals, 0, new long[plan.format().qwords()], m, plan, oracle, tables, tableVisible.get(w), out);
            }
            return;
        }
        ordered(new int[chunks], 0, m.order() == ChunkOrder.ASCENDING ? 0 : n - 1, plan, m, oracle, tables, versions,
                tableVisible, out);
    }

    /** Chunk {@code c} (address order) read at a version not before (ascending) or not after (descending) {@code bound}. */
    private void ordered(int[] t, int c, int bound, Plan plan, ReaderModel m, Oracle oracle, List<Field> tables,
                         List<Entry> versions, List<Boolean> tableVisible, Set<Observation> out) {
        int chunks = t.length;
        if (c == chunks) {
            long[] q = new long[plan.format().qwords()];
            int last = 0;
            for (int k = 0; k < chunks; k++) {
                List<Long> v = chunk(versions.get(t[k]), k, m);
                for (int j = 0; j < v.size(); j++) q[k * v.size() + j] = v.get(j);
                last = Math.max(last, t[k]);
            }
            judge(Entry.of(q), plan, m, oracle, tables, tableVisible.get(last), out);
            return;
        }
        boolean asc = m.order() == ChunkOrder.ASCENDING;
        for (int v = asc ? bound : 0; asc ? v < versions.size() : v <= bound; v++) {
            t[c] = v;
            ordered(t, c + 1, v, plan, m, oracle, tables, versions, tableVisible, out);
        }
    }

    private void product(List<Set<List<Long>>> vals, int c, long[] q, ReaderModel m, Plan plan, Oracle oracle,
                         List<Field> tables, boolean tableVisible, Set<Observation> out) {
        if (c == vals.size()) {
            judge(Entry.of(q), plan, m, oracle, tables, tableVisible, out);
            return;
        }
        for (List<Long> v : vals.get(c)) {
            for (int k = 0; k < v.size(); k++) q[c * v.size() + k] = v.get(k);
            product(vals, c + 1, q, m, plan, oracle, tables, tableVisible, out);
        }
    }

    private static List<Long> chunk(Entry e, int c, ReaderModel m) {
        int per = m.chunkBits() / 64;
        List<Long> v = new ArrayList<>(per);
        for (int k = 0; k < per; k++) v.add(e.qword(c * per + k));
        return v;
    }

    private void judge(Entry e, Plan plan, ReaderModel m, Oracle oracle, List<Field> tables, boolean tableVisible,
                       Set<Observation> out) {
        bruteEntries.add(e);
        Seen s = oracle.judge(e);
        out.add(Observation.of(s, plan.current(), plan.target(), e, m.chunkBits()));
        boolean newTableUsed = false;
        Entry used = plan.format().usedBits(e);
        for (Field fl : tables) newTableUsed |= fl.intersects(used) && fl.get(e) == fl.get(plan.target());
        if (s == Seen.NEW && newTableUsed && !tableVisible) {
            out.add(Observation.of(Seen.UNINIT, plan.current(), plan.target(), e, m.chunkBits()));
        }
    }

    /** Every permutation of {@code seg} in which each pair that must keep program order does. */
    static List<List<Unit>> permutations(List<Unit> seg, Visibility vis) {
        List<List<Unit>> out = new ArrayList<>();
        permute(new ArrayList<>(seg), 0, out, vis);
        return out;
    }

    private static void permute(List<Unit> a, int k, List<List<Unit>> out, Visibility vis) {
        if (k == a.size()) {
            for (int i = 0; i < a.size(); i++) {
                for (int j = i + 1; j < a.size(); j++) {
                    // a[j] comes after a[i] in this order; that is allowed unless a[j] is earlier in program order and
                    // the two must keep it
                    Unit x = a.get(i), y = a.get(j);
                    if (y.step() < x.step() && keeps(y, x, vis)) return;
                }
            }
            out.add(List.copyOf(a));
            return;
        }
        for (int i = k; i < a.size(); i++) {
            java.util.Collections.swap(a, k, i);
            permute(a, k + 1, out, vis);
            java.util.Collections.swap(a, k, i);
        }
    }

    /**
     * Whether {@code earlier} reaches the device before {@code later}. The table initialisation is ordinary memory
     * written before step 1: in program order under in-order, free under barrier-ordered (a different location).
     */
    private static boolean keeps(Unit earlier, Unit later, Visibility vis) {
        if (earlier.isTable() || later.isTable()) return vis == Visibility.IN_ORDER;
        return vis.keepsOrder(earlier.store(), later.store());
    }

    private static List<List<Unit>> combine(List<List<List<Unit>>> perSegment) {
        List<List<Unit>> out = new ArrayList<>();
        out.add(List.of());
        for (List<List<Unit>> options : perSegment) {
            List<List<Unit>> next = new ArrayList<>();
            for (List<Unit> prefix : out) {
                for (List<Unit> o : options) {
                    List<Unit> l = new ArrayList<>(prefix);
                    l.addAll(o);
                    next.add(l);
                }
            }
            out = next;
        }
        return out;
    }
}
