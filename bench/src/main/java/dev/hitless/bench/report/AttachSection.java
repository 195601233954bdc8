package dev.hitless.bench.report;

import dev.hitless.bench.AttachBench;
import dev.hitless.bench.SyncLatency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.hitless.bench.BenchParams.ATTACH;
import static dev.hitless.bench.BenchParams.ORDERING;
import static dev.hitless.bench.BenchParams.SYNC;
import static dev.hitless.bench.BenchParams.TRANSITION;
import static dev.hitless.bench.report.Numbers.num;
import static dev.hitless.bench.report.Numbers.ratio;

/**
 * The AttachBench section, what covering both domains costs: time per replace of each attach sequence against the
 * bare entry ordering and against vtd-corrected; invalidations per unmap of each domain while replaces run, against
 * vtd-corrected; one bar chart of replace cost per sync latency.
 */
final class AttachSection {
    static final String BENCHMARK = AttachBench.class.getSimpleName();
    /** The replace, a @Group of one thread. */
    static final String REPLACE = "replace";
    /** The @Group of the writer and the unmapper. */
    static final String UNMAP = "unmap";
    /** The writer's @AuxCounters field in the unmap group. */
    static final String REPLACES = "replaces";
    /** The unmapper's @AuxCounters fields: unmaps, IOTLB and device-TLB invalidations, per domain unmapped. */
    static final String UNMAPS_OLD = "unmapsOld", IOTLB_OLD = "iotlbOld", DEVTLB_OLD = "devtlbOld";
    static final String UNMAPS_NEW = "unmapsNew", IOTLB_NEW = "iotlbNew", DEVTLB_NEW = "devtlbNew";
    static final List<String> COUNTERS = List.of(REPLACES, UNMAPS_OLD, IOTLB_OLD, DEVTLB_OLD, UNMAPS_NEW, IOTLB_NEW, DEVTLB_NEW);
    /** The sequences every other is compared with: the bare entry ordering, and the corrected VT-d sequence. */
    static final String BASELINE = AttachBench.ENTRY_ONLY;
    static final String CORRECTED = "vtd-corrected";

    private AttachSection() {
    }

    static void write(Results rs, Document doc) {
        rs.requireParams(TRANSITION, ORDERING, ATTACH, SYNC).requireMethods(List.of(REPLACE, UNMAP));
        for (JmhResult r : rs.all()) {
            if (r.method().equals(REPLACE) && Double.isNaN(r.median())) {
                throw new ReportException(r.benchmark() + " has no median (scorePercentiles \"50.0\"): the report compares "
                        + BENCHMARK + "'s replaces by their medians");
            }
        }
        Results replace = new Results(rs.benchmark(), rs.all().stream().filter(r -> r.method().equals(REPLACE)).toList());
        Results unmap = new Results(rs.benchmark(), rs.all().stream().filter(r -> r.method().equals(UNMAP)).toList());
        doc.text("## What covering both domains costs (AttachBench)\n\n");
        if (!replace.isEmpty()) writeReplace(replace, doc);
        if (!unmap.isEmpty()) writeUnmap(unmap.requireMetrics(COUNTERS.toArray(String[]::new)), doc);
    }

    private static void writeReplace(Results rs, Document doc) {
        doc.text("### Replace cost with the list updates and flushes\n\n");
        doc.text("One op = reset the sample, then the attach sequence's whole writer (list updates, the switches' plans, "
                + "flushes) on off-heap memory, by AttachExecutor. `" + BASELINE + "` is the bare entry ordering (one switch, "
                + "no list update, no flush). `sync` charges each entry sync and each flush its simulated latency in ns. "
                + "`modelled wait`: what that latency model charges the sequence's syncs and flushes, the floor of its time. "
                + "Sampled single replaces: `median` (what the ratios use: a preemption on a shared machine inflates the mean "
                + "of every op it lands in, not the median) and `mean` ± error. `vs entry-only`, `vs corrected`: this "
                + "sequence's median / theirs, same transition, ordering and sync.\n\n");
        doc.text("| transition | ordering | sync | attach | what it does | modelled wait (ns) | median | mean | ± error | units "
                + "| vs entry-only | vs corrected |\n");
        doc.text("|---|---|---|---|---|---:|---:|---:|---:|---|---:|---:|\n");
        Map<String, Charts.Bars> charts = new LinkedHashMap<>(); // per sync, drawn below the table
        for (String sync : rs.distinct(SYNC)) {
            Charts.Bars bars = charts.computeIfAbsent(sync, k -> new Charts.Bars());
            for (String t : rs.distinct(TRANSITION)) {
                for (String o : rs.distinct(ORDERING)) {
                    JmhResult base = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, o, ATTACH, BASELINE));
                    JmhResult corr = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, o, ATTACH, CORRECTED));
                    for (String a : rs.distinct(ATTACH)) {
                        JmhResult r = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, o, ATTACH, a));
                        if (r == null) continue;
                        doc.row(t, o, sync, a, cost(t, o, a), modelled(t, o, a, sync), num(r.median()), num(r.primary().score()),
                                num(r.primary().error()), r.primary().unit(), medianRatio(r, base), medianRatio(r, corr));
                        bars.add(a, t + " " + o, r.median(), Double.NaN);
                    }
                }
            }
        }
        doc.text("\n");
        for (var e : charts.entrySet()) {
            doc.chart("attach-replace-cost-sync-" + Numbers.slug(e.getKey()) + ".png", "attach replace cost, sync=" + e.getKey(),
                    "Writer cost of one replace with its attach sequence, sync latency " + e.getKey() + " ns", "transition",
                    "median time per replace (" + rs.unit() + ")", e.getValue());
        }
    }

    /** {@code r}'s median / {@code base}'s, blank without a base. */
    private static String medianRatio(JmhResult r, JmhResult base) {
        return base == null || !(base.median() > 0) ? "" : ratio(r.median() / base.median());
    }

    private static void writeUnmap(Results rs, Document doc) {
        doc.text("### Invalidations per unmap while replaces run\n\n");
        doc.text("A writer thread replaces (reset, whole attach sequence) again and again while an unmapper thread unmaps "
                + "the old and the new domain's page alternately. Per unmap: IOTLB invalidations (one per tag the device "
                + "holds on the domain's list) and device-TLB invalidations (ATS on, device on the list), averaged over "
                + "the writer's phases by time. `0` for the new domain under `" + BASELINE + "`: its unmaps never reach the "
                + "device (STALE, vtd-rid-2024). `vs corrected`: invalidations per unmap (both domains) / vtd-corrected's.\n\n");
        doc.text("| transition | ordering | sync | attach | replaces/s | unmaps/s | old: IOTLB | old: devTLB | new: IOTLB "
                + "| new: devTLB | per unmap | vs corrected |\n");
        doc.text("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String sync : rs.distinct(SYNC)) {
            for (String t : rs.distinct(TRANSITION)) {
                for (String o : rs.distinct(ORDERING)) {
                    JmhResult corr = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, o, ATTACH, CORRECTED));
                    for (String a : rs.distinct(ATTACH)) {
                        JmhResult r = rs.find(Map.of(SYNC, sync, TRANSITION, t, ORDERING, o, ATTACH, a));
                        if (r == null) continue;
                        double perUnmap = perUnmap(r);
                        double c = corr == null ? Double.NaN : perUnmap(corr);
                        doc.row(t, o, sync, a, num(score(r, REPLACES)), num(score(r, UNMAPS_OLD) + score(r, UNMAPS_NEW)),
                                ratio(per(r, IOTLB_OLD, UNMAPS_OLD)), ratio(per(r, DEVTLB_OLD, UNMAPS_OLD)),
                                ratio(per(r, IOTLB_NEW, UNMAPS_NEW)), ratio(per(r, DEVTLB_NEW, UNMAPS_NEW)),
                                ratio(perUnmap), Double.isNaN(c) || c == 0 ? "" : ratio(perUnmap / c));
                    }
                }
            }
        }
        doc.text("\n");
    }

    private static double score(JmhResult r, String counter) {
        return r.metric(counter).score();
    }

    private static double per(JmhResult r, String counter, String unmaps) {
        return score(r, counter) / score(r, unmaps);
    }

    /** Invalidations per unmap over both domains. */
    static double perUnmap(JmhResult r) {
        double inv = score(r, IOTLB_OLD) + score(r, DEVTLB_OLD) + score(r, IOTLB_NEW) + score(r, DEVTLB_NEW);
        return inv / (score(r, UNMAPS_OLD) + score(r, UNMAPS_NEW));
    }

    /** {@link AttachBench#modelledWaitNanos} of the sequence, {@code ?} for unknown names. */
    static String modelled(String transition, String ordering, String attach, String sync) {
        try {
            return num(AttachBench.modelledWaitNanos(AttachBench.checked(transition, ordering, attach), SyncLatency.parse(sync)));
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** The checker's cost line of the sequence ({@code AttachResult.cost()}), {@code ?} for unknown names. */
    static String cost(String transition, String ordering, String attach) {
        try {
            return AttachBench.checked(transition, ordering, attach).cost();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
