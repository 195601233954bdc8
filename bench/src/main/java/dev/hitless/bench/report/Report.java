package dev.hitless.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.suite.RepresentativeTransition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns JMH's JSON ({@code -rf json}) into {@code report.md} and PNG charts.
 *
 * <pre>
 *   java -Djava.awt.headless=true -cp bench/target/benchmarks.jar dev.hitless.bench.report.Report \
 *        results.json OUTDIR [--title TEXT] [--command TEXT] [--machine TEXT]
 * </pre>
 * Sections, each present only when the results hold that benchmark:
 * <ul>
 *   <li>ReplaceBench: time per replace for every (transition, sync latency, ordering), ± error, units, the plan's
 *       path and sync count, and the ratio to clear-then-update (teardown) with its propagated error; then the
 *       ratios again in words; one bar chart per sync latency.</li>
 *   <li>ReplaceUnderFetchBench: what the device saw: blocked and torn fetches per second and per replace, with a
 *       verdict per row; bar charts of blocked and torn fetches per replace.</li>
 *   <li>MachineryBench: each operation against its long[8] baseline.</li>
 *   <li>Anything else: a plain table.</li>
 * </ul>
 * Exit status: 0 written, 1 the results could not be read or hold nothing, 2 usage.
 */
public final class Report {
    /** The ordering every replace is compared with: teardown and re-attach. */
    public static final String TEARDOWN = "clear-then-update";

    /** MachineryBench operation -> its plain long[8] baseline. */
    static final Map<String, String> MACHINERY_BASELINES = Map.of(
            "writeQword", "longArrayStore",
            "storeOpaque", "longArrayStore",
            "writeEntry", "longArrayWriteEntry",
            "writeChunk128", "longArrayStore128",
            "readQword", "longArrayRead128",
            "readChunk128", "longArrayRead128",
            "fetchEntry128", "longArrayReadEntry",
            "fetchEntry64", "longArrayReadEntry");

    /** What to print in the header. */
    public record Meta(String title, String command, String machine, String settings) {
    }

    private final List<JmhResult> results;
    private final Path out;
    private final Meta meta;
    private final StringBuilder md = new StringBuilder();
    private final List<Path> written = new ArrayList<>();

    private Report(List<JmhResult> results, Path out, Meta meta) {
        this.results = results;
        this.out = out;
        this.meta = meta;
    }

    /** Writes {@code report.md} and the charts into {@code outDir}; returns the files written, report.md first. */
    public static List<Path> generate(List<JmhResult> results, Path outDir, Meta meta) throws IOException {
        if (results.isEmpty()) throw new IOException("no benchmark results to report");
        Files.createDirectories(outDir);
        Report r = new Report(results, outDir, meta);
        r.build();
        Path md = outDir.resolve("report.md");
        Files.writeString(md, r.md.toString());
        List<Path> all = new ArrayList<>();
        all.add(md);
        all.addAll(r.written);
        return all;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 2 || (args.length % 2) != 0) {
            System.err.println("usage: Report RESULTS.json OUTDIR [--title TEXT] [--command TEXT] [--machine TEXT]");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        String title = "hitless benchmark report";
        String command = "";
        String machine = "";
        for (int i = 2; i < args.length; i += 2) {
            switch (args[i]) {
                case "--title" -> title = args[i + 1];
                case "--command" -> command = args[i + 1];
                case "--machine" -> machine = args[i + 1];
                default -> {
                    System.err.println("Report: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        try {
            List<JmhResult> results = JmhResult.read(json);
            List<Path> files = generate(results, dir, new Meta(title, command, machine, settings(json)));
            for (Path f : files) System.out.println(f);
        } catch (IOException | RuntimeException e) {
            System.err.println("Report: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The run settings JMH recorded in the first result (JDK, forks, iterations, times). */
    static String settings(Path json) {
        try {
            JsonNode first = new ObjectMapper().readTree(json.toFile()).path(0);
            if (first.isMissingNode()) return "";
            return String.format(Locale.ROOT, "JMH %s, JDK %s (%s), forks %s, warm-up %s x %s, measurement %s x %s, threads %s",
                    first.path("jmhVersion").asText("?"), first.path("jdkVersion").asText("?"), first.path("vmName").asText("?"),
                    first.path("forks").asText("?"), first.path("warmupIterations").asText("?"), first.path("warmupTime").asText("?"),
                    first.path("measurementIterations").asText("?"), first.path("measurementTime").asText("?"),
                    first.path("threads").asText("?"));
        } catch (IOException e) {
            return "";
        }
    }

    // ---- the document ----------------------------------------------------------------------------------------

    private void build() throws IOException {
        md.append("# ").append(meta.title()).append("\n\n");
        if (!meta.machine().isBlank()) md.append("- Machine: ").append(meta.machine()).append('\n');
        if (!meta.command().isBlank()) md.append("- Command: `").append(meta.command()).append("`\n");
        if (!meta.settings().isBlank()) md.append("- Settings: ").append(meta.settings()).append('\n');
        md.append("- Errors are JMH's 99.9% confidence half-widths (`NaN` with fewer than 2 iterations). Compare ratios "
                + "within this run only; absolute times on a shared 2-core machine do not carry across runs.\n\n");

        Set<JmhResult> done = new LinkedHashSet<>();
        replaceSection(only(r -> r.className().equals("ReplaceBench")), done);
        raceSection(only(r -> r.className().equals("ReplaceUnderFetchBench")), done);
        machinerySection(only(r -> r.className().equals("MachineryBench")), done);
        List<JmhResult> rest = only(r -> !done.contains(r));
        if (!rest.isEmpty()) otherSection(rest);
    }

    private List<JmhResult> only(Predicate<JmhResult> p) {
        return results.stream().filter(p).toList();
    }

    // ---- ReplaceBench ------------------------------------------------------------------------------------------

    private void replaceSection(List<JmhResult> rs, Set<JmhResult> done) throws IOException {
        if (rs.isEmpty()) return;
        done.addAll(rs);
        md.append("## Writer cost of one replace (ReplaceBench)\n\n");
        md.append("One op = one replace (A->B or B->A, alternately) run by PlanExecutor on off-heap memory. `sync` is the "
                + "simulated invalidation latency per kind in ns (see docs/bench.md). `vs teardown` = this ordering's "
                + "time / clear-then-update's time for the same transition and sync latency (< 1: cheaper than teardown).\n\n");
        md.append("| transition | sync | ordering | plan A->B / B->A | score | ± error | units | vs teardown | ± |\n");
        md.append("|---|---|---|---|---:|---:|---|---:|---:|\n");
        List<String> syncs = distinct(rs, "sync");
        List<String> transitions = distinct(rs, "transition");
        List<String> orderings = distinct(rs, "ordering");
        for (String sync : syncs) {
            for (String t : transitions) {
                JmhResult base = find(rs, Map.of("sync", sync, "transition", t, "ordering", TEARDOWN));
                for (String o : orderings) {
                    JmhResult r = find(rs, Map.of("sync", sync, "transition", t, "ordering", o));
                    if (r == null) continue;
                    double[] ratio = ratio(r.primary(), base == null ? null : base.primary());
                    md.append("| ").append(t).append(" | ").append(sync).append(" | ").append(o).append(" | ")
                            .append(planSummary(t, o)).append(" | ").append(num(r.primary().score())).append(" | ")
                            .append(num(r.primary().error())).append(" | ").append(r.primary().unit()).append(" | ")
                            .append(ratio == null ? "" : ratio(ratio[0])).append(" | ")
                            .append(ratio == null ? "" : ratio(ratio[1])).append(" |\n");
                }
            }
        }
        md.append('\n');

        md.append("### Replace against teardown, in words\n\n");
        for (String sync : syncs) {
            for (String o : orderings) {
                if (o.equals(TEARDOWN)) continue;
                List<String> parts = new ArrayList<>();
                for (String t : transitions) {
                    JmhResult r = find(rs, Map.of("sync", sync, "transition", t, "ordering", o));
                    JmhResult base = find(rs, Map.of("sync", sync, "transition", t, "ordering", TEARDOWN));
                    double[] q = r == null || base == null ? null : ratio(r.primary(), base.primary());
                    if (q != null) parts.add(t + " " + ratio(q[0]) + "x (" + pathOnly(planSummary(t, o)) + ")");
                }
                if (parts.isEmpty()) continue;
                md.append("- sync=").append(sync).append(": a ").append(o).append(" replace takes ")
                        .append(String.join(", ", parts)).append(" the time of a clear-then-update replace.\n");
            }
        }
        md.append('\n');

        for (String sync : syncs) {
            Charts.Bars bars = new Charts.Bars();
            for (String o : orderings) {
                for (String t : transitions) {
                    JmhResult r = find(rs, Map.of("sync", sync, "transition", t, "ordering", o));
                    if (r != null) bars.add(o, t, r.primary().score(), r.primary().error());
                }
            }
            String name = "replace-cost-sync-" + slug(sync) + ".png";
            Path png = out.resolve(name);
            Charts.bar(png, "Writer cost of one replace, sync latency " + sync + " ns",
                    "transition", "time per replace (" + rs.get(0).primary().unit() + ")", bars);
            written.add(png);
            md.append("![replace cost, sync=").append(sync).append("](").append(name).append(")\n\n");
        }
    }

    /** {@code hitless, 1 sync} for A->B, and for B->A when it differs. */
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
        return p.path().label() + ", " + syncs + (syncs == 1 ? " sync" : " syncs");
    }

    // ---- ReplaceUnderFetchBench --------------------------------------------------------------------------------

    private void raceSection(List<JmhResult> rs, Set<JmhResult> done) throws IOException {
        if (rs.isEmpty()) return;
        done.addAll(rs);
        md.append("## What the device saw during replaces (ReplaceUnderFetchBench)\n\n");
        md.append("A writer thread replaces A<->B while a device thread fetches the entry in the format's chunks and the "
                + "Oracle judges every fetch. Rates are per second; `per replace` = rate / replaces per second. "
                + "`blocked`: the fetch saw a non-present entry (DMA faults). `torn`: present, but neither A nor B on "
                + "its used bits. Any torn fetch at all is a bug in the ordering (under this reader model).\n\n");
        md.append("| transition | ordering | order | sync | replaces/s | fetches/s | blocked/s | ± | torn/s | ± "
                + "| blocked per replace | torn per replace | blocked % of fetches | verdict |\n");
        md.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        Map<String, Charts.Bars[]> charts = new java.util.LinkedHashMap<>(); // per (order, sync): blocked, torn
        List<String> transitions = distinct(rs, "transition");
        List<String> orderings = distinct(rs, "ordering");
        List<String> orders = distinct(rs, "order");
        List<String> syncs = distinct(rs, "sync");
        for (String t : transitions) {
            for (String o : orderings) {
                for (String order : orders) {
                    for (String sync : syncs) {
                        JmhResult r = find(rs, Map.of("transition", t, "ordering", o, "order", order, "sync", sync));
                        if (r == null) continue;
                        Race race = Race.of(r);
                        md.append("| ").append(t).append(" | ").append(o).append(" | ").append(order).append(" | ")
                                .append(sync).append(" | ").append(num(race.replaces)).append(" | ")
                                .append(num(race.fetches)).append(" | ").append(num(race.blocked.score())).append(" | ")
                                .append(num(race.blocked.error())).append(" | ").append(num(race.torn.score())).append(" | ")
                                .append(num(race.torn.error())).append(" | ").append(ratio(race.blockedPerReplace()))
                                .append(" | ").append(ratio(race.tornPerReplace())).append(" | ")
                                .append(num(100 * race.blocked.score() / race.fetches)).append(" | ").append(race.verdict())
                                .append(" |\n");
                        Charts.Bars[] c = charts.computeIfAbsent(order + "\u0000" + sync,
                                k -> new Charts.Bars[] {new Charts.Bars(), new Charts.Bars()});
                        c[0].add(o, t, race.blockedPerReplace(), Double.NaN);
                        c[1].add(o, t, race.tornPerReplace(), Double.NaN);
                    }
                }
            }
        }
        md.append('\n');
        for (var e : charts.entrySet()) {
            String[] key = e.getKey().split("\u0000", -1);
            String suffix = charts.size() == 1 ? "" : "-" + slug(key[0]) + "-sync-" + slug(key[1]);
            String setting = charts.size() == 1 ? "" : " (" + key[0] + " chunks, sync " + key[1] + ")";
            String b = "device-blocked-per-replace" + suffix + ".png";
            String tp = "device-torn-per-replace" + suffix + ".png";
            Charts.bar(out.resolve(b), "Blocked (faulting) device fetches per replace" + setting, "transition",
                    "blocked fetches per replace", e.getValue()[0]);
            Charts.bar(out.resolve(tp), "Torn device fetches per replace" + setting + " - any > 0 is a bug", "transition",
                    "torn fetches per replace", e.getValue()[1]);
            written.add(out.resolve(b));
            written.add(out.resolve(tp));
            md.append("![blocked per replace").append(setting).append("](").append(b).append(")\n\n");
            md.append("![torn per replace").append(setting).append("](").append(tp).append(")\n\n");
        }
    }

    /** The counters of one race result. */
    record Race(double replaces, double fetches, JmhResult.Metric blocked, JmhResult.Metric torn) {
        static Race of(JmhResult r) {
            JmhResult.Metric none = new JmhResult.Metric(Double.NaN, Double.NaN, "");
            double old = score(r.metric("fetchOld"));
            double nw = score(r.metric("fetchNew"));
            JmhResult.Metric b = r.secondary().getOrDefault("fetchBlocked", none);
            JmhResult.Metric t = r.secondary().getOrDefault("fetchTorn", none);
            return new Race(score(r.metric("replaces")), old + nw + b.score() + t.score(), b, t);
        }

        private static double score(JmhResult.Metric m) {
            return m == null ? Double.NaN : m.score();
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

    // ---- MachineryBench ----------------------------------------------------------------------------------------

    private void machinerySection(List<JmhResult> rs, Set<JmhResult> done) throws IOException {
        if (rs.isEmpty()) return;
        done.addAll(rs);
        md.append("## Cost of the harness's machinery (MachineryBench)\n\n");
        md.append("Off-heap EntryTable access and the sequence-lock emulation of atomic chunks against a plain `long[8]`. "
                + "`vs baseline` = operation time / baseline time.\n\n");
        md.append("| operation | score | ± error | units | baseline | vs baseline | ± |\n|---|---:|---:|---|---|---:|---:|\n");
        Charts.Bars bars = new Charts.Bars();
        for (JmhResult r : rs) {
            String base = MACHINERY_BASELINES.get(r.method());
            JmhResult b = base == null ? null : rs.stream().filter(x -> x.method().equals(base)).findFirst().orElse(null);
            double[] q = b == null ? null : ratio(r.primary(), b.primary());
            md.append("| ").append(r.method()).append(" | ").append(num(r.primary().score())).append(" | ")
                    .append(num(r.primary().error())).append(" | ").append(r.primary().unit()).append(" | ")
                    .append(base == null ? "(baseline)" : base).append(" | ").append(q == null ? "" : ratio(q[0]))
                    .append(" | ").append(q == null ? "" : ratio(q[1])).append(" |\n");
            bars.add("time per op", r.method(), r.primary().score(), r.primary().error());
        }
        md.append('\n');
        Path png = out.resolve("machinery.png");
        Charts.bar(png, "Machinery against long[8]", "operation", "time per op (" + rs.get(0).primary().unit() + ")", bars);
        written.add(png);
        md.append("![machinery](machinery.png)\n\n");
    }

    // ---- anything else ---------------------------------------------------------------------------------------

    private void otherSection(List<JmhResult> rs) {
        md.append("## Other results\n\n| benchmark | params | score | ± error | units |\n|---|---|---:|---:|---|\n");
        for (JmhResult r : rs) {
            md.append("| ").append(r.className()).append('.').append(r.method()).append(" | ")
                    .append(r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse(""))
                    .append(" | ").append(num(r.primary().score())).append(" | ").append(num(r.primary().error()))
                    .append(" | ").append(r.primary().unit()).append(" |\n");
        }
        md.append('\n');
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static List<String> distinct(List<JmhResult> rs, String param) {
        Set<String> s = new LinkedHashSet<>();
        for (JmhResult r : rs) s.add(r.param(param));
        return new ArrayList<>(s);
    }

    private static JmhResult find(List<JmhResult> rs, Map<String, String> params) {
        for (JmhResult r : rs) {
            boolean all = true;
            for (var e : params.entrySet()) all &= r.param(e.getKey()).equals(e.getValue());
            if (all) return r;
        }
        return null;
    }

    /** a/b and its error, relative errors added in quadrature; null without a baseline. */
    static double[] ratio(JmhResult.Metric a, JmhResult.Metric b) {
        if (b == null || b.score() == 0) return null;
        double q = a.score() / b.score();
        double ea = a.error() / a.score();
        double eb = b.error() / b.score();
        return new double[] {q, Math.abs(q) * Math.sqrt(ea * ea + eb * eb)};
    }

    /** Scores: 3 significant digits for small values, grouped integers for large ones. */
    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        double a = Math.abs(v);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        if (a == 0) return "0";
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String ratio(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == 0) return "0";
        if (Math.abs(v) < 0.001) return String.format(Locale.ROOT, "%.2g", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
