package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exhaustive checker: every entry a hardware reader of the given {@link ReaderModel} can observe while a {@link Plan}
 * runs, each judged by the {@link Oracle}. It explores the {@linkplain dev.hitless.reader reader's contract}
 * symbolically, window by window; {@link dev.hitless.reader.LiveReader} performs the same contract at run time.
 *
 * <p>Algorithm (docs/checker.md has the long form). {@link #windows} cuts the plan at its entry syncs and lists each
 * window's memory <em>versions</em> {@code 0..m} (memory after the first {@code t} of its {@code m} stores).
 * <ul>
 *   <li>Cache NONE: one fetch reads chunk {@code c} at some version {@code t_c} of one window; ASCENDING demands
 *       {@code t_c} non-decreasing with {@code c}, DESCENDING non-increasing, ANY nothing.</li>
 *   <li>Cache STICKY: the start state of each window, and the final state.</li>
 * </ul>
 * Only the value a chunk reads matters, not the version it came from, so the search branches per chunk over the
 * chunk's <em>distinct</em> values in the window: for ANY order the observations are exactly the product of those
 * value sets; for ordered reads it picks, for each value, its earliest version not before the previous chunk's
 * (earliest leaves the later chunks the most freedom, so no reachable observation is missed). Each distinct
 * observed entry is judged once per plan.
 *
 * <p>Counterexample: the shortest TORN observation, else the shortest BLOCKED one; shortest = fewest writer steps
 * executed when the fetch completes, then fewest stores straddled. For a value tuple the earliest completion is the
 * greedy earliest choice above; the fewest stores straddled then come from reading every chunk as late as possible
 * without finishing later.
 */
public final class Checker {
    private Checker() {
    }

    public static CheckResult check(Plan plan, ReaderModel model) {
        return new Run(plan, model, true).run();
    }

    /** Every distinct entry the reader can observe while {@code plan} runs, unjudged (the reader model alone). */
    public static Set<Entry> observations(Plan plan, ReaderModel model) {
        Run r = new Run(plan, model, false);
        r.run();
        return Set.copyOf(r.judged.keySet());
    }

    /**
     * The windows of a plan: the memory versions between entry syncs and the step count at each version (the
     * contract's stores and entry syncs, made concrete).
     */
    record Window(int index, List<Entry> versions, int[] stepsAt) {
    }

    /** Splits a plan at its entry syncs; window 0 starts before the first step. */
    static List<Window> windows(Plan plan) {
        List<Window> out = new ArrayList<>();
        List<Entry> versions = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        Entry mem = plan.current();
        versions.add(mem);
        at.add(0);
        List<Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.isStore()) {
                mem = s.applyTo(mem);
                versions.add(mem);
                at.add(i + 1);
            } else if (s instanceof Step.Sync y && y.invalidatesEntry()) {
                out.add(new Window(out.size(), List.copyOf(versions), at.stream().mapToInt(Integer::intValue).toArray()));
                versions.clear();
                at.clear();
                versions.add(mem);
                at.add(i + 1);
            }
        }
        out.add(new Window(out.size(), List.copyOf(versions), at.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    private static final class Run {
        final Plan plan;
        final ReaderModel model;
        final Oracle oracle;
        final int chunks;
        final int per;
        final int[] visit;
        final boolean ordered;
        final Map<Entry, Seen> judged = new HashMap<>();
        final Set<Observation> outcomes = new LinkedHashSet<>();
        final EnumSet<Seen> seen = EnumSet.noneOf(Seen.class);
        Counterexample bestTorn;
        Counterexample bestBlocked;

        // per window, per chunk: distinct values, and for each value the versions holding it (ascending)
        Window win;
        long[][][] values;
        int[][][] occ;
        final int[] chosen;
        final long[] observed = new long[Entry.QWORDS];

        final boolean judging;

        Run(Plan plan, ReaderModel model, boolean judging) {
            this.judging = judging;
            this.plan = plan;
            this.model = model;
            this.oracle = new Oracle(plan.format(), plan.current(), plan.target());
            this.chunks = model.chunks();
            this.per = model.chunkBits() / 64;
            this.visit = new int[chunks];
            for (int i = 0; i < chunks; i++) {
                visit[i] = model.order() == ReaderModel.ChunkOrder.DESCENDING ? chunks - 1 - i : i;
            }
            this.ordered = model.order() != ReaderModel.ChunkOrder.ANY;
            this.chosen = new int[chunks];
        }

        CheckResult run() {
            List<Window> windows = windows(plan);
            if (model.cache() == ReaderModel.Cache.STICKY) {
                for (Window w : windows) {
                    int[] at = new int[chunks];
                    observe(w.versions().get(0), w, at, at);
                }
                Window last = windows.get(windows.size() - 1);
                int m = last.versions().size() - 1;
                int[] at = new int[chunks];
                java.util.Arrays.fill(at, m);
                observe(last.versions().get(m), last, at, at);
            } else {
                for (Window w : windows) explore(w);
            }
            Window last = windows.get(windows.size() - 1);
            boolean settled = last.versions().get(last.versions().size() - 1).equals(last.versions().get(0));
            Counterexample cx = bestTorn != null ? bestTorn : bestBlocked;
            return new CheckResult(plan, model, Verdict.of(seen), EnumSet.copyOf(seenOrEmpty()), Set.copyOf(outcomes),
                    plan.entrySyncCount(), plan.reachesTarget(), settled, judged.size(), cx);
        }

        private Set<Seen> seenOrEmpty() {
            return seen.isEmpty() ? EnumSet.noneOf(Seen.class) : seen;
        }

        private void explore(Window w) {
            win = w;
            int n = w.versions().size();
            values = new long[chunks][][];
            occ = new int[chunks][][];
            for (int c = 0; c < chunks; c++) {
                List<long[]> vals = new ArrayList<>();
                List<List<Integer>> where = new ArrayList<>();
                for (int t = 0; t < n; t++) {
                    Entry e = w.versions().get(t);
                    int found = -1;
                    for (int v = 0; v < vals.size() && found < 0; v++) {
                        if (chunkEquals(vals.get(v), e, c)) found = v;
                    }
                    if (found < 0) {
                        long[] val = new long[per];
                        for (int k = 0; k < per; k++) val[k] = e.qword(c * per + k);
                        vals.add(val);
                        where.add(new ArrayList<>());
                        found = vals.size() - 1;
                    }
                    where.get(found).add(t);
                }
                values[c] = vals.toArray(new long[0][]);
                occ[c] = new int[vals.size()][];
                for (int v = 0; v < vals.size(); v++) occ[c][v] = where.get(v).stream().mapToInt(Integer::intValue).toArray();
            }
            int[] firstT = new int[chunks];
            dfs(0, 0, firstT);
        }

        private boolean chunkEquals(long[] val, Entry e, int c) {
            for (int k = 0; k < per; k++) if (val[k] != e.qword(c * per + k)) return false;
            return true;
        }

        /** Chooses a value for the chunk at visit position {@code pos}, read no earlier than version {@code lo}. */
        private void dfs(int pos, int lo, int[] firstT) {
            if (pos == chunks) {
                leaf(firstT);
                return;
            }
            int c = visit[pos];
            int[][] o = occ[c];
            for (int v = 0; v < o.length; v++) {
                int t = firstAtLeast(o[v], lo);
                if (t < 0) continue;
                chosen[c] = v;
                firstT[c] = t;
                dfs(pos + 1, ordered ? t : 0, firstT);
            }
        }

        private static int firstAtLeast(int[] sorted, int lo) {
            for (int t : sorted) if (t >= lo) return t;
            return -1;
        }

        private static int lastAtMost(int[] sorted, int hi) {
            int best = -1;
            for (int t : sorted) {
                if (t <= hi) best = t;
                else break;
            }
            return best;
        }

        private void leaf(int[] firstT) {
            for (int c = 0; c < chunks; c++) {
                long[] val = values[c][chosen[c]];
                for (int k = 0; k < per; k++) observed[c * per + k] = val[k];
            }
            Entry e = Entry.of(observed);
            if (judged.containsKey(e)) return; // seen in an earlier window, at fewer steps
            // Earliest completion, then the latest reads that do not finish later (fewest stores straddled).
            int[] at = new int[chunks];
            if (ordered) {
                int next = firstT[visit[chunks - 1]];
                for (int pos = chunks - 1; pos >= 0; pos--) {
                    int c = visit[pos];
                    at[c] = lastAtMost(occ[c][chosen[c]], next);
                    next = at[c];
                }
            } else {
                int max = 0;
                for (int c = 0; c < chunks; c++) max = Math.max(max, firstT[c]);
                for (int c = 0; c < chunks; c++) at[c] = lastAtMost(occ[c][chosen[c]], max);
            }
            observe(e, win, at, firstT);
        }

        private void observe(Entry e, Window w, int[] at, int[] unused) {
            if (judged.containsKey(e)) return;
            if (!judging) {
                judged.put(e, Seen.OLD);
                return;
            }
            Seen s = oracle.judge(e);
            judged.put(e, s);
            seen.add(s);
            Observation o = Observation.of(s, plan.current(), plan.target(), e, model.chunkBits());
            outcomes.add(o);
            if (s == Seen.TORN || s == Seen.BLOCKED) {
                int max = 0, min = Integer.MAX_VALUE;
                for (int t : at) {
                    max = Math.max(max, t);
                    min = Math.min(min, t);
                }
                int[] readSteps = new int[chunks];
                for (int c = 0; c < chunks; c++) readSteps[c] = w.stepsAt()[at[c]];
                int steps = w.stepsAt()[max];
                int straddled = max - min;
                Counterexample best = s == Seen.TORN ? bestTorn : bestBlocked;
                if (best == null || steps < best.stepsExecuted()
                        || steps == best.stepsExecuted() && straddled < best.storesStraddled()) {
                    Counterexample cx = new Counterexample(plan, model, e, o, w.index(), readSteps, steps, straddled);
                    if (s == Seen.TORN) bestTorn = cx;
                    else bestBlocked = cx;
                }
            }
        }
    }
}
