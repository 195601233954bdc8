package dev.hitless.bench.report;

import dev.hitless.bench.BenchParams;
import dev.hitless.ordering.Orderings;
import dev.hitless.suite.RepresentativeTransition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns JMH's JSON ({@code -rf json}) into {@code report.md} and PNG charts.
 *
 * <pre>
 *   java -Djava.awt.headless=true -cp bench/target/benchmarks.jar dev.hitless.bench.report.Report \
 *        results.json OUTDIR [--title TEXT] [--command TEXT] [--machine TEXT] [--expect BENCH,BENCH...]
 * </pre>
 * Sections, each present only when the results hold that benchmark: {@link ReplaceSection} (ReplaceBench: writer
 * cost against teardown), {@link RaceSection} (ReplaceUnderFetchBench: what the device saw), {@link AttachSection}
 * (AttachBench: what covering both domains costs), {@link MachinerySection}
 * (MachineryBench: against long[8]), and {@link OtherSection} for anything else. Each section reads its benchmark's
 * results by the parameter names of {@link dev.hitless.bench.BenchParams} and refuses results that lack one, or a
 * counter or method it knows ({@link Results}); {@code --expect} names benchmarks (simple class names) that must be
 * present. The whole report is built in memory ({@link Document}) and written only when every section is done.
 *
 * <p>Exit status: 0 written; 1 the results could not be read, hold nothing, or do not hold what the report needs
 * (one line {@code Report: ...}, nothing written); 2 usage.
 */
public final class Report {
    /** The benchmarks that have a section of their own. */
    static final Set<String> KNOWN = Set.of(ReplaceSection.BENCHMARK, RaceSection.BENCHMARK, MachinerySection.BENCHMARK,
            AttachSection.BENCHMARK);

    /** What to print in the header. */
    public record Meta(String title, String command, String machine, String settings) {
    }

    private Report() {
    }

    /** Writes {@code report.md} and the charts into {@code outDir}; returns the files written, report.md first. */
    public static List<Path> generate(List<JmhResult> results, Path outDir, Meta meta) throws IOException {
        return generate(results, outDir, meta, List.of());
    }

    /** As {@link #generate(List, Path, Meta)}, failing first when a benchmark named in {@code expected} has no result. */
    public static List<Path> generate(List<JmhResult> results, Path outDir, Meta meta, List<String> expected)
            throws IOException {
        if (results.isEmpty()) throw new IOException("no benchmark results to report");
        for (String b : expected) {
            if (Results.of(results, b).isEmpty()) {
                throw new ReportException("no results of " + b + ", which the report expects (--expect)");
            }
        }
        return build(results, meta).write(outDir);
    }

    /** The whole document, built in memory. */
    static Document build(List<JmhResult> measured, Meta meta) {
        List<JmhResult> results = measured.stream().filter(r -> !skipped(r)).toList();
        Document doc = new Document();
        doc.text("# " + meta.title() + "\n\n");
        if (!meta.machine().isBlank()) doc.text("- Machine: " + meta.machine() + "\n");
        if (!meta.command().isBlank()) doc.text("- Command: `" + meta.command() + "`\n");
        if (!meta.settings().isBlank()) doc.text("- Settings: " + meta.settings() + "\n");
        doc.text("- Errors are JMH's 99.9% confidence half-widths (`NaN` with fewer than 2 iterations). Compare ratios "
                + "within this run only; absolute times on a shared 2-core machine do not carry across runs.\n");
        doc.text("- Ratios of two benchmarks carry a " + RatioInterval.level() + " confidence interval computed from both "
                + "benchmarks' per-iteration scores (Fieller's interval for a ratio of two means, Welch-Satterthwaite "
                + "degrees of freedom; docs/bench.md), `n/a` with fewer than 2 iterations of either; a ratio whose interval "
                + "includes 1 is marked `inconclusive`: this run cannot say which is faster. AttachBench's median ratios "
                + "and the per-replace rates carry none.\n");
        long skipped = measured.size() - results.size();
        if (skipped > 0) {
            doc.text("- Left out: " + skipped + " results of parameter combinations whose ordering does not apply to the "
                    + "transition's format (JMH runs every combination; the benchmark skips those, measuring nothing).\n");
        }
        doc.text("\n");
        Results replace = Results.of(results, ReplaceSection.BENCHMARK);
        if (!replace.isEmpty()) ReplaceSection.write(replace, doc);
        Results race = Results.of(results, RaceSection.BENCHMARK);
        if (!race.isEmpty()) RaceSection.write(race, doc);
        Results attach = Results.of(results, AttachSection.BENCHMARK);
        if (!attach.isEmpty()) AttachSection.write(attach, doc);
        Results machinery = Results.of(results, MachinerySection.BENCHMARK);
        if (!machinery.isEmpty()) MachinerySection.write(machinery, doc);
        List<JmhResult> rest = results.stream().filter(r -> !KNOWN.contains(r.className())).toList();
        if (!rest.isEmpty()) OtherSection.write(rest, doc);
        return doc;
    }

    /**
     * A result of a combination the benchmark skipped: its {@code ordering} does not {@linkplain
     * RepresentativeTransition#appliesTo apply to} its {@code transition}'s format (amd-update-dte256 on a VT-d entry).
     * Unknown names are not skipped: the sections report them.
     */
    static boolean skipped(JmhResult r) {
        String t = r.params().get(BenchParams.TRANSITION);
        String o = r.params().get(BenchParams.ORDERING);
        if (t == null || o == null) return false;
        try {
            return !RepresentativeTransition.byId(t).appliesTo(Orderings.byName(o));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 2 || (args.length % 2) != 0) {
            System.err.println("usage: Report RESULTS.json OUTDIR [--title TEXT] [--command TEXT] [--machine TEXT] [--expect BENCH,...]");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        String title = "hitless benchmark report";
        String command = "";
        String machine = "";
        List<String> expected = new ArrayList<>();
        for (int i = 2; i < args.length; i += 2) {
            switch (args[i]) {
                case "--title" -> title = args[i + 1];
                case "--command" -> command = args[i + 1];
                case "--machine" -> machine = args[i + 1];
                case "--expect" -> expected.addAll(List.of(args[i + 1].split(",")));
                default -> {
                    System.err.println("Report: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        try {
            List<JmhResult> results = JmhResult.read(json);
            List<Path> files = generate(results, dir, new Meta(title, command, machine, settings(json)), expected);
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
}
