package dev.hitless.bench.report;

import dev.hitless.bench.ReplaceBench;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.suite.RepresentativeTransition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.hitless.bench.BenchParams.ORDERING;
import static dev.hitless.bench.BenchParams.SYNC;
import static dev.hitless.bench.BenchParams.TRANSITION;
import static dev.hitless.bench.report.Numbers.num;
import static dev.hitless.bench.report.Numbers.ratio;

/**
 * The ReplaceBench section: time per replace for every (transition, sync latency, ordering), ± error, units, the
 * plan's path and sync count, and the ratio to clear-then-update (teardown) with its {@link RatioInterval} from both
 * benchmarks' iterations, marked inconclusive when it includes 1; then the ratios again in words; one bar chart per
 * sync latency.
 */
final class ReplaceSection {
    static final String BENCHMARK = ReplaceBench.class.getSimpleName();
    /** The one method of ReplaceBench. */
    static final String METHOD = "replace";
    /** The ordering every replace is compared with: teardown and re-attach. */
    static final String TEARDOWN = "clear-then-update";

    private ReplaceSection() {
    }

    static void write(Results rs, Document doc) {
        rs.requireParams(TRANSITION, SYNC, ORDERING).requireMethods(List.of(METHOD));
        doc.text("## Writer cost of one replace (ReplaceBench)\n\n");
        doc.text("One op = one replace (A->B or B->A, alternately) run by PlanExecutor on off-heap memory. `sync` is the "
                + "simulated invalidation latency per kind in ns (see docs/bench.md). `vs teardown` = this ordering's "
                + "time / clear-then-update's time for the same transition and sync latency (< 1: cheaper than teardown), with its "
                + RatioInterval.level() + " confidence interval from both benchmarks' iterations; `inconclusive`: the interval "
                + "includes 1, so this run cannot tell which is cheaper.\n\n");
        doc.text("| transition | sync | ordering | plan A->B / B->A | score | ± error | units | vs teardown | "
                + RatioInterval.level() + " interval |\n");
        doc.text("|---|---|---|---|---:|---:|---|---:|---:|\n");
        List<String> syncs = rs.distinct(SYNC);
        List<String> transitions = rs.distinct(TRANSITION);
        List<String> orderings = rs.distinct(ORDERING);
        for (String sync : syncs) {
            for (String t : transitions) {
                JmhResult base = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, TEARDOWN));
                for (String o : orderings) {
                    JmhResult r = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, o));
                    if (r == null) continue;
                    RatioInterval q = base == null ? null : RatioInterval.of(r.primary(), base.primary());
                    doc.row(t, sync, o, planSummary(t, o), num(r.primary().score()), num(r.primary().error()),
                            r.primary().unit(), q == null ? "" : ratio(q.ratio()),
                            q == null ? "" : o.equals(TEARDOWN) ? "(baseline)" : q.cell());
                }
            }
        }
        doc.text("\n");

        doc.text("### Replace against teardown, in words\n\n");
        for (String sync : syncs) {
            for (String o : orderings) {
                if (o.equals(TEARDOWN)) continue;
                List<String> parts = new ArrayList<>();
                for (String t : transitions) {
                    JmhResult r = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, o));
                    JmhResult base = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, TEARDOWN));
                    RatioInterval q = r == null || base == null ? null : RatioInterval.of(r.primary(), base.primary());
                    if (q != null) {
                        parts.add(t + " " + ratio(q.ratio()) + "x (" + RatioInterval.level() + ": " + q.cell() + "; "
                                + pathOnly(planSummary(t, o)) + ")");
                    }
                }
                if (parts.isEmpty()) continue;
                doc.text("- sync=" + sync + ": a " + o + " replace takes " + String.join(", ", parts)
                        + " the time of a clear-then-update replace.\n");
            }
        }
        doc.text("\n");

        for (String sync : syncs) {
            Charts.Bars bars = new Charts.Bars();
            for (String o : orderings) {
                for (String t : transitions) {
                    JmhResult r = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, o));
                    if (r != null) bars.add(o, t, r.primary().score(), r.primary().error());
                }
            }
            doc.chart("replace-cost-sync-" + Numbers.slug(sync) + ".png", "replace cost, sync=" + sync,
                    "Writer cost of one replace, sync latency " + sync + " ns", "transition",
                    "time per replace (" + rs.unit() + ")", bars);
        }
    }

    /** {@code hitless, 1 sync} for A->B, and for B->A when it differs; {@code ?} for an unknown name. */
    static String planSummary(String transition, String ordering) {
        try {
            RepresentativeTransition t = RepresentativeTransition.byId(transition);
            Ordering o = Orderings.byName(ordering);
            String ab = summary(t.planAB(o));
            String ba = summary(t.planBA(o));
            return ab.equals(ba) ? ab : ab + " / " + ba;
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** {@code hitless} from {@code hitless, 1 sync}; {@code breaking/hitless} when the two directions differ. */
    private static String pathOnly(String summary) {
        if (summary.equals("?")) return "?";
        String[] dirs = summary.split(" / ");
        String a = dirs[0].split(",")[0];
        String b = dirs.length > 1 ? dirs[1].split(",")[0] : a;
        return a.equals(b) ? a : a + "/" + b;
    }

    private static String summary(Plan p) {
        int syncs = p.entrySyncCount();
        return p.claim().label() + ", " + syncs + (syncs == 1 ? " sync" : " syncs");
    }
}
