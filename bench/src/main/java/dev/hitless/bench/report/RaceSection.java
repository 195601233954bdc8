package dev.hitless.bench.report;

import dev.hitless.bench.ReplaceUnderFetchBench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.hitless.bench.BenchParams.ORDER;
import static dev.hitless.bench.BenchParams.ORDERING;
import static dev.hitless.bench.BenchParams.SYNC;
import static dev.hitless.bench.BenchParams.TRANSITION;
import static dev.hitless.bench.report.Numbers.num;
import static dev.hitless.bench.report.Numbers.ratio;

/**
 * The ReplaceUnderFetchBench section, what the device saw: blocked and torn fetches per second and per replace,
 * with a verdict per row; bar charts of blocked and torn fetches per replace (one pair per chunk order and sync
 * latency when there are several).
 */
final class RaceSection {
    static final String BENCHMARK = ReplaceUnderFetchBench.class.getSimpleName();
    /** The @Group of the writer and the device. */
    static final String METHOD = "race";
    /** The writer's @AuxCounters field: replaces per second. */
    static final String REPLACES = "replaces";
    /** The device's @AuxCounters fields: fetches per second that matched A, matched B, were blocked, were torn. */
    static final String FETCH_OLD = "fetchOld";
    static final String FETCH_NEW = "fetchNew";
    static final String FETCH_BLOCKED = "fetchBlocked";
    static final String FETCH_TORN = "fetchTorn";
    static final List<String> COUNTERS = List.of(REPLACES, FETCH_OLD, FETCH_NEW, FETCH_BLOCKED, FETCH_TORN);

    private RaceSection() {
    }

    static void write(Results rs, Document doc) {
        rs.requireParams(TRANSITION, ORDERING, ORDER, SYNC).requireMethods(List.of(METHOD))
                .requireMetrics(COUNTERS.toArray(String[]::new));
        doc.text("## What the device saw during replaces (ReplaceUnderFetchBench)\n\n");
        doc.text("A writer thread replaces A<->B while a device thread fetches the entry in the format's chunks and the "
                + "Oracle judges every fetch. Rates are per second; `per replace` = rate / replaces per second. "
                + "`blocked`: the fetch saw a non-present entry (DMA faults). `torn`: present, but neither A nor B on "
                + "its used bits. Any torn fetch at all is a bug in the ordering (under this reader model).\n\n");
        doc.text("| transition | ordering | order | sync | replaces/s | fetches/s | blocked/s | ± | torn/s | ± "
                + "| blocked per replace | torn per replace | blocked % of fetches | verdict |\n");
        doc.text("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        Map<List<String>, Charts.Bars[]> charts = new LinkedHashMap<>(); // per (order, sync): blocked, torn
        for (String t : rs.distinct(TRANSITION)) {
            for (String o : rs.distinct(ORDERING)) {
                for (String order : rs.distinct(ORDER)) {
                    for (String sync : rs.distinct(SYNC)) {
                        JmhResult r = rs.find(Map.of(TRANSITION, t, ORDERING, o, ORDER, order, SYNC, sync));
                        if (r == null) continue;
                        Race race = Race.of(r);
                        doc.row(t, o, order, sync, num(race.replaces), num(race.fetches), num(race.blocked.score()),
                                num(race.blocked.error()), num(race.torn.score()), num(race.torn.error()),
                                ratio(race.blockedPerReplace()), ratio(race.tornPerReplace()),
                                num(100 * race.blocked.score() / race.fetches), race.verdict());
                        Charts.Bars[] c = charts.computeIfAbsent(List.of(order, sync),
                                k -> new Charts.Bars[] {new Charts.Bars(), new Charts.Bars()});
                        c[0].add(o, t, race.blockedPerReplace(), Double.NaN);
                        c[1].add(o, t, race.tornPerReplace(), Double.NaN);
                    }
                }
            }
        }
        doc.text("\n");
        for (var e : charts.entrySet()) {
            String order = e.getKey().get(0);
            String sync = e.getKey().get(1);
            String suffix = charts.size() == 1 ? "" : "-" + Numbers.slug(order) + "-sync-" + Numbers.slug(sync);
            String setting = charts.size() == 1 ? "" : " (" + order + " chunks, sync " + sync + ")";
            doc.chart("device-blocked-per-replace" + suffix + ".png", "blocked per replace" + setting,
                    "Blocked (faulting) device fetches per replace" + setting, "transition",
                    "blocked fetches per replace", e.getValue()[0]);
            doc.chart("device-torn-per-replace" + suffix + ".png", "torn per replace" + setting,
                    "Torn device fetches per replace" + setting + " - any > 0 is a bug", "transition",
                    "torn fetches per replace", e.getValue()[1]);
        }
    }

    /** The counters of one race result. */
    record Race(double replaces, double fetches, JmhResult.Metric blocked, JmhResult.Metric torn) {
        static Race of(JmhResult r) {
            JmhResult.Metric b = r.metric(FETCH_BLOCKED);
            JmhResult.Metric t = r.metric(FETCH_TORN);
            double fetches = r.metric(FETCH_OLD).score() + r.metric(FETCH_NEW).score() + b.score() + t.score();
            return new Race(r.metric(REPLACES).score(), fetches, b, t);
        }

        double blockedPerReplace() {
            return blocked.score() / replaces;
        }

        double tornPerReplace() {
            return torn.score() / replaces;
        }

        String verdict() {
            if (torn.score() > 0) return "**TORN**";
            if (blocked.score() > 0) return "breaking (device blocked)";
            return "hitless";
        }
    }
}
