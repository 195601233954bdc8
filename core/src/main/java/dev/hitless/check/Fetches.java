package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.ReaderModel.ChunkOrder;
import dev.hitless.reader.TableInit;
import dev.hitless.reader.Oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every fetch each window of a plan allows, raw and unjudged: the entries one fetch can read between two entry syncs,
 * and for each whether the table initialisation may still be invisible when that fetch completes. This is what an
 * outside model of the same window (a herd7 litmus test, {@code dev.hitless.litmus}) must allow, read from the same
 * {@link Timeline}s the checker judges, so the comparison is with the checker's own reading of the
 * {@linkplain dev.hitless.reader reader's contract}, not with a second implementation of it.
 */
public final class Fetches {
    /** Bound on the fetches listed per window. */
    static final int MAX_PER_WINDOW = 1 << 20;

    private Fetches() {
    }

    /**
     * The fetches of one window.
     *
     * @param window  the window's index (0 before the first entry sync)
     * @param start   the entry in memory when the window begins
     * @param fetched every entry a fetch can read, mapped to true when some fetch that reads it may complete while
     *                the tables the driver initialised before step 1 are not yet visible to the device (only in
     *                window 0, under a visibility that lets the initialisation land late)
     */
    public record Window(int window, Entry start, Map<Entry, Boolean> fetched) {
    }

    /**
     * The fetches of every window of {@code plan} under {@code model}, window 0 first.
     *
     * @throws IllegalArgumentException for a sticky reader (it reads only at syncs: not a race between stores and loads)
     * @throws CheckLimitException      beyond {@link #MAX_PER_WINDOW} entries in one window
     */
    public static List<Window> of(Plan plan, ReaderModel model) {
        if (model.cache() != ReaderModel.Cache.NONE) {
            throw new IllegalArgumentException("a sticky reader fetches only at syncs: it races no store");
        }
        boolean tables = TableInit.of(new Oracle(plan.format(), plan.current(), plan.target())).count() > 0;
        List<Timeline> timelines = Timeline.of(plan, model, tables);
        List<Window> out = new ArrayList<>();
        List<Checker.Window> windows = Checker.windows(plan);
        for (Checker.Window w : windows) out.add(new Window(w.index(), w.versions().get(0), new LinkedHashMap<>()));
        for (Timeline t : timelines) new Walk(t, model, out.get(t.window).fetched()).run();
        return out.stream().map(w -> new Window(w.window(), w.start(), java.util.Collections.unmodifiableMap(w.fetched())))
                .toList();
    }

    /**
     * One (value, time point) per chunk, in the reader's visit order, each value at the earliest time point its order
     * allows: the earliest completion of a fetch reading those values, which decides whether the tables may be hidden.
     */
    private static final class Walk {
        final Timeline t;
        final Map<Entry, Boolean> into;
        final int[] visit;
        final boolean ordered;
        final long[] q;

        Walk(Timeline t, ReaderModel model, Map<Entry, Boolean> into) {
            this.t = t;
            this.into = into;
            this.visit = new int[t.chunks];
            for (int i = 0; i < t.chunks; i++) visit[i] = model.order() == ChunkOrder.DESCENDING ? t.chunks - 1 - i : i;
            this.ordered = model.order() != ChunkOrder.ANY;
            this.q = new long[t.chunks * t.per];
        }

        void run() {
            dfs(0, 0, 0);
        }

        private void dfs(int pos, int lo, int completes) {
            if (pos == t.chunks) {
                Entry e = Entry.of(q.clone());
                into.merge(e, t.tablesMayBeHidden(completes), Boolean::logicalOr);
                if (into.size() > MAX_PER_WINDOW) {
                    throw new CheckLimitException("more than " + MAX_PER_WINDOW + " distinct fetches in window " + t.window);
                }
                return;
            }
            int c = visit[pos];
            for (int v = 0; v < t.values[c].size(); v++) {
                int at = -1;
                for (int time : t.times[c][v]) {
                    if (time >= lo) {
                        at = time;
                        break;
                    }
                }
                if (at < 0) continue;
                System.arraycopy(t.values[c].get(v), 0, q, c * t.per, t.per);
                dfs(pos + 1, ordered ? at : 0, Math.max(completes, at));
            }
        }
    }
}
