package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one fetch of one window can read, chunk by chunk: rules 1 (stores and their visibility) and 5 (entry syncs) of
 * the {@linkplain dev.hitless.reader reader's contract} made concrete, for the checker.
 *
 * <p>A window (the steps between two entry syncs) is cut at its {@linkplain Visibility#isOrderingPoint ordering
 * points} into <em>segments</em>. A timeline is a sequence of <em>time points</em> {@code 0..n-1} such that a chunk
 * read at time point {@code t} may return any of the values {@link #occurrences} lists for it at {@code t}, and any
 * choice of one (value, time point) per chunk is one fetch, provided the time points follow the reader's chunk order
 * (non-decreasing for an ascending reader; free for any order). Time point 0 is the memory at the window's start; then
 * each segment adds time points by its shape:
 * <ul>
 *   <li><b>chain</b> (each store keeps order with the next, e.g. every in-order segment without plain stores): one
 *       time point per store, the memory after it, as in program order;</li>
 *   <li><b>independent</b> (no store touches two chunks, no two stores of different chunks keep order, e.g. a
 *       barrier-ordered segment of 64-bit stores): one time point at which each chunk may show the result of any
 *       down-set of its own stores (every subset closed under {@link Visibility#keepsOrder}). The chunks of an
 *       independent segment constrain each other in no way, so the product is exactly what one fetch can read;</li>
 *   <li><b>tangled</b> (anything else, e.g. a 128-bit store read by a 64-bit reader under barrier-ordered): each
 *       linear extension of the segment is a chain, and the window gets one timeline per combination
 *       (bounded by {@link #MAX_LINEARISATIONS}).</li>
 * </ul>
 * The table initialisation (the driver writes the tables the target points at before step 1) is one more unit of
 * window 0's first segment, ordered before every store under in-order and free under barrier-ordered; so the time
 * points of that first segment are those at which it may still be invisible ({@link #tablesMayBeHidden}).
 *
 * <p>Each occurrence also carries the fewest writer steps that must have run for the chunk to read that value then
 * (the latest store it shows, and the start of its segment): the length of a counterexample.
 */
final class Timeline {
    /** Bound on the linear extensions of the tangled segments of one window. */
    static final int MAX_LINEARISATIONS = 40_320;
    /** Bound on the distinct (value, blocked stores) states of one chunk of one independent segment. */
    static final int MAX_DOWNSET_STATES = 1 << 18;

    final int window;
    final int chunks;
    final int per;
    /** Per chunk: its distinct values, each {@code per} qwords. */
    final List<long[]>[] values;
    /** Per chunk, per value: the time points at which the chunk may read it, ascending. */
    final int[][][] times;
    /** Per chunk, per value, parallel to {@link #times}: the fewest steps run for the chunk to read it then. */
    final int[][][] steps;
    /** Time points {@code 0..tablesHiddenUntil} may precede the visibility of the table initialisation; -1: none. */
    final int tablesHiddenUntil;
    /** Number of time points. */
    final int timePoints;
    /**
     * Per time point: the most writer steps that may have run while it lasts (a chain's time point is one moment; an
     * independent segment's lasts until its last store has run, the others being free to land later).
     */
    final int[] latestSteps;

    private Timeline(int window, int chunks, int per, List<long[]>[] values, int[][][] times, int[][][] steps,
                     int tablesHiddenUntil, int[] latestSteps) {
        this.timePoints = latestSteps.length;
        this.latestSteps = latestSteps;
        this.window = window;
        this.chunks = chunks;
        this.per = per;
        this.values = values;
        this.times = times;
        this.steps = steps;
        this.tablesHiddenUntil = tablesHiddenUntil;
    }

    /** True when a fetch completing at time point {@code t} may find the new tables not yet visible. */
    boolean tablesMayBeHidden(int t) {
        return t <= tablesHiddenUntil;
    }

    /**
     * The timelines of {@code plan} under {@code model}: one per window, more for a window with tangled segments.
     *
     * @param tables true when the plan's target points at tables the driver initialised before step 1
     * @throws CheckLimitException when a window needs more states than the stated bounds
     */
    static List<Timeline> of(Plan plan, ReaderModel model, boolean tables) {
        Visibility vis = model.visibility();
        int chunks = model.chunks(plan.format());
        List<Timeline> out = new ArrayList<>();
        List<Step> steps = plan.steps();
        Entry mem = plan.current();
        int window = 0;
        int windowStart = 0;
        List<List<Unit>> segments = new ArrayList<>();
        List<Integer> segmentStarts = new ArrayList<>();
        List<Unit> seg = new ArrayList<>();
        int segStart = 0;
        for (int i = 0; i <= steps.size(); i++) {
            Step s = i < steps.size() ? steps.get(i) : null;
            if (s != null && s.isStore()) {
                seg.add(new Unit(i, s, s.writtenQwords()));
                continue;
            }
            boolean endsWindow = s == null || s instanceof Step.Sync y && y.invalidatesEntry();
            if (s == null || vis.isOrderingPoint(s)) {
                segments.add(seg);
                segmentStarts.add(segStart);
                seg = new ArrayList<>();
                segStart = i + 1;
            }
            if (endsWindow) {
                boolean hidden = tables && window == 0 && !vis.initialisationKeepsOrder();
                new Builder(model, chunks, window, windowStart, mem, segments, segmentStarts, hidden).build(out);
                for (List<Unit> g : segments) for (Unit u : g) mem = u.store.applyTo(mem);
                segments = new ArrayList<>();
                segmentStarts = new ArrayList<>();
                window++;
                windowStart = i + 1;
            }
        }
        return out;
    }

    /**
     * True when {@link #of} gives {@code plan} the same timelines under every visibility, so that a check under one
     * visibility answers for all ({@link Checker.Shared} relies on it). It holds when, under each visibility,
     * <ul>
     *   <li>every segment holds at most one store: a chain of one store adds one time point, and the fewest steps at
     *       it are that store's index plus one, wherever the segment starts; an empty segment adds nothing; and</li>
     *   <li>no table initialisation may land after a store: the plan changes no {@linkplain
     *       dev.hitless.format.EntryFormat#pointerFields() pointer field}, or the visibility keeps the initialisation
     *       in order, or the first segment holds no store (its hidden range is then empty).</li>
     * </ul>
     * Windows end at entry syncs, ordering points of every visibility, so they are the same under all.
     */
    static boolean sameUnderEveryVisibility(Plan plan) {
        boolean pointerChanges = false;
        for (dev.hitless.format.Field p : plan.format().pointerFields()) {
            pointerChanges |= p.get(plan.current()) != p.get(plan.target());
        }
        for (Visibility v : Visibility.values()) {
            int inSegment = 0;
            boolean firstSegment = true;
            for (Step s : plan.steps()) {
                if (s.isStore()) {
                    if (++inSegment > 1) return false;
                    if (firstSegment && pointerChanges && !v.initialisationKeepsOrder()) return false;
                } else if (v.isOrderingPoint(s)) {
                    inSegment = 0;
                    firstSegment = false;
                }
            }
        }
        return true;
    }

    /** One store of a segment: its step index and the qwords it writes (bit q for qword q). */
    record Unit(int step, Step store, int qwords) {
    }

    /** A chunk value (or some of its bits) as a map key: equal when its qwords are. */
    record Val(long[] q) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Val v && Arrays.equals(q, v.q);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(q);
        }
    }

    private static final class Builder {
        final ReaderModel model;
        final Visibility vis;
        final int window;
        final int windowStart;
        final Entry start;
        final List<List<Unit>> segments;
        final List<Integer> segmentStarts;
        final boolean hideTables;
        final int chunks;
        final int per;

        Builder(ReaderModel model, int chunks, int window, int windowStart, Entry start, List<List<Unit>> segments,
                List<Integer> segmentStarts, boolean hideTables) {
            this.model = model;
            this.vis = model.visibility();
            this.window = window;
            this.windowStart = windowStart;
            this.start = start;
            this.segments = segments;
            this.segmentStarts = segmentStarts;
            this.hideTables = hideTables;
            this.chunks = chunks;
            this.per = model.chunkBits() / 64;
        }

        int chunkMask(int c) {
            return ((1 << per) - 1) << (c * per);
        }

        /** The chunks a store touches, as a bit set. */
        int chunksOf(Unit u) {
            int m = 0;
            for (int c = 0; c < chunks; c++) if ((u.qwords & chunkMask(c)) != 0) m |= 1 << c;
            return m;
        }

        enum Shape { CHAIN, INDEPENDENT, TANGLED }

        Shape shape(List<Unit> seg) {
            boolean chain = true;
            for (int i = 0; i + 1 < seg.size() && chain; i++) {
                chain = vis.keepsOrder(seg.get(i).store, seg.get(i + 1).store);
            }
            if (chain) return Shape.CHAIN;
            for (int i = 0; i < seg.size(); i++) {
                int ci = chunksOf(seg.get(i));
                if (Integer.bitCount(ci) != 1) return Shape.TANGLED;
                for (int j = i + 1; j < seg.size(); j++) {
                    if (chunksOf(seg.get(j)) != ci && vis.keepsOrder(seg.get(i).store, seg.get(j).store)) return Shape.TANGLED;
                }
            }
            return Shape.INDEPENDENT;
        }

        void build(List<Timeline> out) {
            Shape[] shapes = new Shape[segments.size()];
            List<Integer> tangled = new ArrayList<>();
            for (int s = 0; s < segments.size(); s++) {
                shapes[s] = shape(segments.get(s));
                if (shapes[s] == Shape.TANGLED) tangled.add(s);
            }
            List<List<List<Unit>>> orders = new ArrayList<>();
            long combos = 1;
            for (int s : tangled) {
                List<List<Unit>> ext = linearExtensions(segments.get(s));
                combos *= ext.size();
                if (combos > MAX_LINEARISATIONS) {
                    throw new CheckLimitException("window " + window + " has more than " + MAX_LINEARISATIONS
                            + " orders in which its stores may become visible (stores that neither keep program order"
                            + " nor split by chunk); add barriers or check a smaller plan");
                }
                orders.add(ext);
            }
            int[] pick = new int[tangled.size()];
            while (true) {
                List<List<Unit>> segs = new ArrayList<>(segments);
                for (int k = 0; k < tangled.size(); k++) segs.set(tangled.get(k), orders.get(k).get(pick[k]));
                out.add(timeline(segs, shapes));
                int k = 0;
                while (k < pick.length && ++pick[k] == orders.get(k).size()) pick[k++] = 0;
                if (k == pick.length) break;
            }
        }

        @SuppressWarnings("unchecked")
        Timeline timeline(List<List<Unit>> segs, Shape[] shapes) {
            // per chunk: value -> (time points, steps), in first-seen order
            List<Map<Val, int[][]>> occ = new ArrayList<>();
            for (int c = 0; c < chunks; c++) occ.add(new LinkedHashMap<>());
            int t = 0;
            Entry mem = start;
            int[][][] cur = new int[chunks][][]; // per chunk: the occurrences of the value memory holds now
            for (int c = 0; c < chunks; c++) cur[c] = add(occ.get(c), chunk(mem, c), t, windowStart);
            int hiddenUntil = -1;
            List<Integer> latest = new ArrayList<>(List.of(windowStart));
            for (int s = 0; s < segs.size(); s++) {
                List<Unit> seg = segs.get(s);
                int segStart = segmentStarts.get(s);
                if (shapes[s] == Shape.INDEPENDENT) {
                    t++;
                    for (int c = 0; c < chunks; c++) {
                        for (Map.Entry<Val, Integer> e : downsetValues(seg, c, mem, segStart).entrySet()) {
                            add(occ.get(c), e.getKey(), t, e.getValue());
                        }
                    }
                    int end = segStart;
                    for (Unit u : seg) {
                        mem = u.store.applyTo(mem);
                        end = Math.max(end, u.step + 1);
                    }
                    latest.add(end);
                    for (int c = 0; c < chunks; c++) cur[c] = occ.get(c).get(chunk(mem, c));
                } else {
                    // a chain, in program order or in one linear extension of a tangled segment
                    int ran = segStart;
                    for (Unit u : seg) {
                        mem = u.store.applyTo(mem);
                        ran = Math.max(ran, u.step + 1);
                        t++;
                        latest.add(ran);
                        for (int c = 0; c < chunks; c++) {
                            // only the chunks the store writes change value; the others extend their occurrence
                            cur[c] = (u.qwords & chunkMask(c)) != 0 ? add(occ.get(c), chunk(mem, c), t, ran) : add(cur[c], t, ran);
                        }
                    }
                }
                // before the first store the entry is the old one, which walks no new table: no time point to hide
                if (s == 0 && hideTables && t > 0) hiddenUntil = t;
            }
            List<long[]>[] values = new List[chunks];
            int[][][] times = new int[chunks][][];
            int[][][] steps = new int[chunks][][];
            for (int c = 0; c < chunks; c++) {
                Map<Val, int[][]> m = occ.get(c);
                values[c] = new ArrayList<>(m.size());
                times[c] = new int[m.size()][];
                steps[c] = new int[m.size()][];
                int v = 0;
                for (Map.Entry<Val, int[][]> e : m.entrySet()) {
                    values[c].add(e.getKey().q);
                    int n = e.getValue()[2][0];
                    times[c][v] = Arrays.copyOf(e.getValue()[0], n);
                    steps[c][v] = Arrays.copyOf(e.getValue()[1], n);
                    v++;
                }
            }
            return new Timeline(window, chunks, per, values, times, steps, hiddenUntil,
                    latest.stream().mapToInt(Integer::intValue).toArray());
        }

        /** Appends occurrence (t, steps) of {@code v}; at one time point a value keeps its fewest steps. */
        private static int[][] add(Map<Val, int[][]> m, Val v, int t, int steps) {
            return add(m.computeIfAbsent(v, k -> new int[][]{new int[4], new int[4], {0}}), t, steps);
        }

        /** Appends occurrence (t, steps) to the occurrences {@code o} of one value. */
        private static int[][] add(int[][] o, int t, int steps) {
            int n = o[2][0];
            if (n > 0 && o[0][n - 1] == t) {
                o[1][n - 1] = Math.min(o[1][n - 1], steps);
                return o;
            }
            if (n == o[0].length) {
                o[0] = Arrays.copyOf(o[0], 2 * n);
                o[1] = Arrays.copyOf(o[1], 2 * n);
            }
            o[0][n] = t;
            o[1][n] = steps;
            o[2][0] = n + 1;
            return o;
        }

        private Val chunk(Entry e, int c) {
            long[] q = new long[per];
            for (int k = 0; k < per; k++) q[k] = e.qword(c * per + k);
            return new Val(q);
        }

        /**
         * Every value chunk {@code c} may show within an independent segment: memory {@code mem} with any down-set
         * of the segment's stores to the chunk applied, each with the fewest steps that make it visible.
         */
        private Map<Val, Integer> downsetValues(List<Unit> seg, int c, Entry mem, int segStart) {
            List<Unit> us = new ArrayList<>();
            for (Unit u : seg) if ((u.qwords & chunkMask(c)) != 0) us.add(u);
            int k = us.size();
            BitSet[] succ = new BitSet[k];
            for (int i = 0; i < k; i++) {
                succ[i] = new BitSet(k);
                for (int j = i + 1; j < k; j++) if (vis.keepsOrder(us.get(i).store, us.get(j).store)) succ[i].set(j);
            }
            record State(Val value, BitSet blocked) {
            }
            Map<State, Integer> layer = new HashMap<>();
            layer.put(new State(chunk(mem, c), new BitSet(k)), segStart);
            for (int i = 0; i < k; i++) {
                Unit u = us.get(i);
                Map<State, Integer> next = new HashMap<>();
                for (Map.Entry<State, Integer> e : layer.entrySet()) {
                    State st = e.getKey();
                    BitSet excluded = (BitSet) st.blocked.clone();
                    excluded.or(succ[i]);
                    excluded.clear(0, i + 1);
                    next.merge(new State(st.value, excluded), e.getValue(), Math::min);
                    if (!st.blocked.get(i)) {
                        BitSet b = (BitSet) st.blocked.clone();
                        b.clear(0, i + 1);
                        next.merge(new State(apply(st.value, u, c), b), Math.max(e.getValue(), u.step + 1), Math::min);
                    }
                }
                if (next.size() > MAX_DOWNSET_STATES) {
                    throw new CheckLimitException("window " + window + ": chunk " + c + " may show more than "
                            + MAX_DOWNSET_STATES + " combinations of its stores between two ordering points; add"
                            + " barriers or check a smaller plan");
                }
                layer = next;
            }
            Map<Val, Integer> out = new LinkedHashMap<>();
            for (Map.Entry<State, Integer> e : layer.entrySet()) out.merge(e.getKey().value, e.getValue(), Math::min);
            return out;
        }

        /** Chunk {@code c}'s value {@code v} with store {@code u} applied (a 32-bit store keeps the other half of its qword). */
        private Val apply(Val v, Unit u, int c) {
            Entry e = Entry.zero(start.qwords());
            for (int k = 0; k < per; k++) e = e.withQword(c * per + k, v.q[k]);
            return chunk(u.store.applyTo(e), c);
        }

        /** Every order of {@code seg} that respects {@link Visibility#keepsOrder}, bounded. */
        private List<List<Unit>> linearExtensions(List<Unit> seg) {
            int k = seg.size();
            int[] preds = new int[k];
            boolean[][] before = new boolean[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = i + 1; j < k; j++) {
                    if (vis.keepsOrder(seg.get(i).store, seg.get(j).store)) {
                        before[i][j] = true;
                        preds[j]++;
                    }
                }
            }
            List<List<Unit>> out = new ArrayList<>();
            extend(seg, before, preds, new boolean[k], new ArrayList<>(), out);
            return out;
        }

        private void extend(List<Unit> seg, boolean[][] before, int[] preds, boolean[] used, List<Unit> prefix,
                            List<List<Unit>> out) {
            if (prefix.size() == seg.size()) {
                if (out.size() >= MAX_LINEARISATIONS) {
                    throw new CheckLimitException("window " + window + " has more than " + MAX_LINEARISATIONS
                            + " orders in which its stores may become visible; add barriers or check a smaller plan");
                }
                out.add(List.copyOf(prefix));
                return;
            }
            for (int i = 0; i < seg.size(); i++) {
                if (used[i] || preds[i] != 0) continue;
                used[i] = true;
                for (int j = 0; j < seg.size(); j++) if (before[i][j]) preds[j]--;
                prefix.add(seg.get(i));
                extend(seg, before, preds, used, prefix, out);
                prefix.remove(prefix.size() - 1);
                for (int j = 0; j < seg.size(); j++) if (before[i][j]) preds[j]++;
                used[i] = false;
            }
        }
    }
}
