package dev.hitless.bench.report;

import dev.hitless.bench.ReplaceUnderFetchBench;
import dev.hitless.suite.RepresentativeTransition;

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
 * with a verdict per row, and untranslated ones in a table of their own for the formats that have them (AMD-Vi); bar charts of blocked and torn fetches per replace (one pair per chunk order and sync
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
    /** The device's count of fetches that let DMA through untranslated (AMD-Vi V=0; 0 on the other formats). */
    static final String FETCH_UNTRANSLATED = "fetchUntranslated";
    static final List<String> COUNTERS = List.of(REPLACES, FETCH_OLD, FETCH_NEW, FETCH_BLOCKED, FETCH_TORN, FETCH_UNTRANSLATED);

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
        Map<List<String>, Charts.Bars[]> charts = new LinkedHashMap<>(); // per (order, sync): blocked, torn, untranslated
        List<String> all = rs.distinct(TRANSITION);
        List<String> untranslated = all.stream().filter(RaceSection::passesUntranslated).toList();
        List<String> others = all.stream().filter(t -> !untranslated.contains(t)).toList();
        if (!others.isEmpty()) {
            doc.text("| transition | ordering | order | sync | replaces/s | fetches/s | blocked/s | ± | torn/s | ± "
                    + "| blocked per replace | torn per replace | blocked % of fetches | verdict |\n");
            doc.text("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            rows(rs, others, doc, charts, false);
            doc.text("\n");
        }
        if (!untranslated.isEmpty()) {
            // Only a format whose non-valid entry passes DMA untranslated (AMD-Vi) has the column: the table above
            // stays as it was for the others.
            doc.text("On an entry whose format lets a non-valid entry's DMA through untranslated (the AMD-Vi DTE with "
                    + "V=0), `untranslated` counts fetches of such an entry that is neither A nor B: the device reaches "
                    + "physical memory unchecked, worse than blocked.\n\n");
            doc.text("| transition | ordering | order | sync | replaces/s | fetches/s | blocked/s | ± | untranslated/s | ± "
                    + "| torn/s | ± | blocked per replace | untranslated per replace | torn per replace "
                    + "| blocked % of fetches | verdict |\n");
            doc.text("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            rows(rs, untranslated, doc, charts, true);
            doc.text("\n");
        }
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
            if (!untranslated.isEmpty()) {
                doc.chart("device-untranslated-per-replace" + suffix + ".png", "untranslated per replace" + setting,
                        "Untranslated device fetches per replace" + setting + " - DMA unchecked", "transition",
                        "untranslated fetches per replace", e.getValue()[2]);
            }
        }
    }

    /** The rows of {@code transitions}, with the untranslated columns when {@code untranslated}; their chart bars. */
    private static void rows(Results rs, List<String> transitions, Document doc, Map<List<String>, Charts.Bars[]> charts,
                             boolean untranslated) {
        for (String t : transitions) {
            for (String o : rs.distinct(ORDERING)) {
                for (String order : rs.distinct(ORDER)) {
                    for (String sync : rs.distinct(SYNC)) {
                        JmhResult r = rs.find(Map.of(TRANSITION, t, ORDERING, o, ORDER, order, SYNC, sync));
                        if (r == null) continue;
                        Race race = Race.of(r);
                        List<String> cells = new java.util.ArrayList<>(List.of(t, o, order, sync, num(race.replaces),
                                num(race.fetches), num(race.blocked.score()), num(race.blocked.error())));
                        if (untranslated) cells.addAll(List.of(num(race.untranslated.score()), num(race.untranslated.error())));
                        cells.addAll(List.of(num(race.torn.score()), num(race.torn.error()), ratio(race.blockedPerReplace())));
                        if (untranslated) cells.add(ratio(race.untranslatedPerReplace()));
                        cells.addAll(List.of(ratio(race.tornPerReplace()), num(100 * race.blocked.score() / race.fetches),
                                race.verdict()));
                        doc.row(cells.toArray(String[]::new));
                        Charts.Bars[] c = charts.computeIfAbsent(List.of(order, sync),
                                k -> new Charts.Bars[] {new Charts.Bars(), new Charts.Bars(), new Charts.Bars()});
                        c[0].add(o, t, race.blockedPerReplace(), Double.NaN);
                        c[1].add(o, t, race.tornPerReplace(), Double.NaN);
                        if (untranslated) c[2].add(o, t, race.untranslatedPerReplace(), Double.NaN);
                    }
                }
            }
        }
    }

    /** Whether {@code transition}'s format lets a non-valid entry's DMA through untranslated; false for an unknown id. */
    private static boolean passesUntranslated(String transition) {
        try {
            return RepresentativeTransition.byId(transition).format().passesUntranslated();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The counters of one race result. */
    record Race(double replaces, double fetches, JmhResult.Metric blocked, JmhResult.Metric torn,
                JmhResult.Metric untranslated) {
        static Race of(JmhResult r) {
            JmhResult.Metric b = r.metric(FETCH_BLOCKED);
            JmhResult.Metric t = r.metric(FETCH_TORN);
            JmhResult.Metric u = r.metric(FETCH_UNTRANSLATED);
            double fetches = r.metric(FETCH_OLD).score() + r.metric(FETCH_NEW).score() + b.score() + t.score() + u.score();
            return new Race(r.metric(REPLACES).score(), fetches, b, t, u);
        }

        double untranslatedPerReplace() {
            return untranslated.score() / replaces;
        }

        double blockedPerReplace() {
            return blocked.score() / replaces;
        }

        double tornPerReplace() {
            return torn.score() / replaces;
        }

        String verdict() {
            if (torn.score() > 0) return "**TORN**";
            if (untranslated.score() > 0) return "**UNTRANSLATED**";
            if (blocked.score() > 0) return "breaking (device blocked)";
            return "hitless";
        }
    }
}
