package dev.hitless.synth;

import dev.hitless.check.Requirement;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

import java.util.Arrays;

/**
 * The windows a plan may open at a sync-point entry, and the judgement of each: the cheap exact pre-test of the
 * search, cross-checked against {@link dev.hitless.check.Checker} by the tests (and every plan the search returns is
 * re-checked by it, {@link Verification}).
 *
 * <p>A window is the stores between two entry syncs. In this space each store unit is stored at most once per window,
 * with the value it holds at the window's closing sync, so a window is a sequence of (unit, value) stores from the
 * state {@code from}; a dma_wmb precedes the plan's first store (the tables before the entry). The entries a fetch
 * can see in the window follow from the {@linkplain dev.hitless.reader reader's contract}:
 * <ul>
 *   <li>{@link Mode#STICKY} (a caching reader): only the entries at the syncs, so only the window's end matters;</li>
 *   <li>{@link Mode#BOX} (no cache, chunks in any order, at most one store unit per read chunk): each read chunk
 *       shows its value before or after its store at any moment of the window, independently of the others, and
 *       whatever order the stores reach the device in; so the entries seen are every chunk-wise mix of the window's
 *       start and end (the corners of a box), the store order does not matter and no barrier is needed between the
 *       stores, under either visibility. Windows are enumerated with units in ascending order only;</li>
 *   <li>{@link Mode#ORDERED} (chunks read in address order, or several store units in one read chunk): the order
 *       matters. Every order is tried, and the plan puts a dma_wmb between the stores of a window under
 *       barrier-ordered visibility so that they reach the device in program order; the entries seen are then those
 *       of the {@code Checker}'s search: chunk {@code c} read after {@code t_c} stores, the {@code t_c} following the
 *       chunk order.</li>
 * </ul>
 * A window is allowed when every entry a fetch can see in it is allowed: OLD or NEW for {@code hitless}, also
 * BLOCKED for {@code safe}. Adding a store to an allowed window only adds observations, so the enumeration prunes at
 * the first store that makes a window disallowed.
 */
final class Windows {
    /** Bound on the windows judged in one synthesis. */
    static final long MAX_WINDOWS = 5_000_000L;

    enum Mode { STICKY, BOX, ORDERED }

    /** Receives each allowed window: its end state, and the units stored with the state after each store. */
    interface Visitor {
        void window(int to, int[] units, int[] statesAfter);
    }

    private final Space space;
    private final Requirement requirement;
    private final ReaderModel model;
    final Mode mode;
    private final long maxWindows;
    long judged;

    Windows(Space space, ReaderModel model, Requirement requirement) {
        this(space, model, requirement, MAX_WINDOWS);
    }

    /** Windows judged against {@code requirement}, at most {@code maxWindows} of them. */
    Windows(Space space, ReaderModel model, Requirement requirement, long maxWindows) {
        this.maxWindows = maxWindows;
        this.space = space;
        this.model = model;
        this.requirement = requirement;
        if (model.cache() == ReaderModel.Cache.STICKY) {
            mode = Mode.STICKY;
        } else {
            mode = model.order() == ReaderModel.ChunkOrder.ANY && space.unitBits >= model.chunkBits() ? Mode.BOX : Mode.ORDERED;
        }
    }

    boolean allowed(int state) {
        Seen s = space.judge(state);
        return s == Seen.OLD || s == Seen.NEW || s == Seen.BLOCKED && requirement == Requirement.SAFE;
    }

    /** Every allowed window from {@code from}, each end state possibly more than once (ORDERED: once per order). */
    void from(int from, Visitor v) {
        int n = space.units.length;
        dfs(from, from, 0, 0, new int[n], new int[n], new int[]{from}, 1, v);
    }

    private void dfs(int from, int cur, int depth, int usedUnits, int[] units, int[] after, int[] corners, int nCorners,
                     Visitor v) {
        int n = space.units.length;
        for (int u = 0; u < n; u++) {
            if ((usedUnits & 1 << u) != 0) continue;
            if (mode != Mode.ORDERED && usedUnits >>> u != 0) continue; // ascending units only (order does not matter)
            int[] qs = space.units[u];
            int[] pick = new int[qs.length];
            int combos = 1;
            for (int q : qs) combos *= space.values[q].length;
            for (int c = 1; c < combos; c++) {
                int x = c, next = cur;
                for (int k = 0; k < qs.length; k++) {
                    int len = space.values[qs[k]].length;
                    pick[k] = (space.digit(from, qs[k]) + x % len) % len; // c = 0 is the unit's value at the start
                    x /= len;
                    next = space.with(next, qs[k], pick[k]);
                }
                if (++judged > maxWindows) {
                    throw new SynthesisLimitException("more than " + maxWindows + " windows to judge");
                }
                units[depth] = u;
                after[depth] = next;
                int[] cs = corners;
                int nc = nCorners;
                boolean ok;
                switch (mode) {
                    case STICKY -> ok = allowed(next);
                    case BOX -> {
                        int delta = next - cur;
                        cs = Arrays.copyOf(corners, 2 * nCorners);
                        ok = true;
                        for (int i = 0; i < nCorners && ok; i++) {
                            cs[nCorners + i] = corners[i] + delta;
                            ok = allowed(cs[nCorners + i]);
                        }
                        nc = 2 * nCorners;
                    }
                    default -> ok = firstDisallowed(from, after, depth + 1) < 0;
                }
                if (!ok) continue;
                v.window(next, Arrays.copyOf(units, depth + 1), Arrays.copyOf(after, depth + 1));
                dfs(from, next, depth + 1, usedUnits | 1 << u, units, after, cs, nc, v);
            }
        }
    }

    /**
     * The first entry (state) a fetch can see that is not allowed, for the stores giving {@code after[0..k-1]} from
     * {@code from} in program order, or -1 when there is none. A caching reader sees only the entries at the syncs.
     */
    int firstDisallowed(int from, int[] after, int k) {
        if (mode == Mode.STICKY) return allowed(from) ? allowed(after[k - 1]) ? -1 : after[k - 1] : from;
        int per = model.chunkBits() / 64, chunks = model.chunks(space.format);
        int[][] contrib = new int[chunks][k + 1];
        for (int t = 0; t <= k; t++) {
            int s = t == 0 ? from : after[t - 1];
            for (int c = 0; c < chunks; c++) {
                int sum = 0;
                for (int q = c * per; q < (c + 1) * per; q++) sum += space.digit(s, q) * space.stride[q];
                contrib[c][t] = sum;
            }
        }
        int[] visit = new int[chunks];
        for (int i = 0; i < chunks; i++) visit[i] = model.order() == ReaderModel.ChunkOrder.DESCENDING ? chunks - 1 - i : i;
        return fetches(contrib, visit, 0, 0, 0, model.order() != ReaderModel.ChunkOrder.ANY);
    }

    /**
     * Chooses the time of the chunk at visit position {@code pos}, not before {@code lo} when chunks are ordered; the
     * first disallowed entry, or -1.
     */
    private int fetches(int[][] contrib, int[] visit, int pos, int lo, int sum, boolean ordered) {
        if (pos == visit.length) return allowed(sum) ? -1 : sum;
        int[] times = contrib[visit[pos]];
        for (int t = ordered ? lo : 0; t < times.length; t++) {
            // the earliest time of each distinct value leaves the later chunks the most freedom
            boolean seenEarlier = false;
            for (int e = ordered ? lo : 0; e < t && !seenEarlier; e++) seenEarlier = times[e] == times[t];
            if (seenEarlier) continue;
            int bad = fetches(contrib, visit, pos + 1, t, sum + times[t], ordered);
            if (bad >= 0) return bad;
        }
        return -1;
    }

    /**
     * An allowed window from {@code from} straight to {@code to} (storing exactly the units that differ), as the units
     * and the state after each store, or null when there is none. In BOX and STICKY mode there is one such window up to
     * store order; in ORDERED mode every order of the units is tried.
     */
    int[][] straight(int from, int to) {
        int[][] d = direct(from, to);
        if (mode != Mode.ORDERED) {
            judged++;
            return firstDisallowed(from, d[1], d[1].length) < 0 ? d : null;
        }
        return orders(from, to, d[0], 0, new int[d[0].length], new int[d[0].length], 0);
    }

    /** Tries every order of {@code units}, positions {@code k..} still free; the first allowed window, or null. */
    private int[][] orders(int from, int to, int[] units, int k, int[] order, int[] after, int used) {
        if (k == units.length) return new int[][]{order.clone(), after.clone()};
        for (int i = 0; i < units.length; i++) {
            if ((used & 1 << i) != 0) continue;
            int cur = k == 0 ? from : after[k - 1];
            for (int q : space.units[units[i]]) cur = space.with(cur, q, space.digit(to, q));
            order[k] = units[i];
            after[k] = cur;
            if (++judged > maxWindows) throw new SynthesisLimitException("more than " + maxWindows + " windows to judge");
            if (firstDisallowed(from, after, k + 1) >= 0) continue; // a prefix's observations stay observable
            int[][] w = orders(from, to, units, k + 1, order, after, used | 1 << i);
            if (w != null) return w;
        }
        return null;
    }

    /**
     * The window from {@code from} to {@code to} storing the units that differ in ascending order: the units, and the
     * state after each store.
     */
    int[][] direct(int from, int to) {
        int n = 0;
        int[] units = new int[space.units.length], after = new int[space.units.length];
        int cur = from;
        for (int u = 0; u < space.units.length; u++) {
            int next = cur;
            for (int q : space.units[u]) next = space.with(next, q, space.digit(to, q));
            if (next == cur) continue;
            units[n] = u;
            after[n++] = cur = next;
        }
        return new int[][]{Arrays.copyOf(units, n), Arrays.copyOf(after, n)};
    }
}
