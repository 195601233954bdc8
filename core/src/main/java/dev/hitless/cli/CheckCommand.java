package dev.hitless.cli;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.check.Matrix;
import dev.hitless.check.Requirement;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;
import dev.hitless.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explore every entry the hardware can observe while an ordering's plan runs; print the plan, the",
                "verdict (HITLESS, BREAKING or TORN) and the shortest counterexample."},
        footer = {"", "Examples:",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering struct-copy",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering struct-copy --reader sticky",
                "  hitless check --format smmu-ste --from s1-ssid0 --to s2-vmid1 --ordering used-bits-64 --require hitless",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering struct-copy --html check.html",
                "  hitless check --format smmu-ste --from s1-ssid0 --to s2-vmid1 --ordering used-bits-64 --visibility in-order",
                "  hitless check --format vtd-pasid --from 'fl:did=5' --to 'fl:did=5,fsptptr=0x200000' --ordering used-bits-128 --chunk 64",
                "", "Exit codes: 0 requirement met, 1 violated, 2 bad input."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F", description = "vtd-pasid, smmu-ste or smmu-cd")
    String format;

    @Option(names = "--from", required = true, paramLabel = "SPEC",
            description = "the live entry: kind[:param=value,...], catalogue name or eight hex qwords")
    String from;

    @Option(names = "--to", required = true, paramLabel = "SPEC", description = "the target entry, same syntax")
    String to;

    @Option(names = "--ordering", required = true, paramLabel = "NAME|FILE",
            description = "built-in or ServiceLoader ordering name, or a plan file")
    String ordering;

    @Mixin
    ReaderOptions readerOptions;

    @Option(names = "--require", paramLabel = "REQ", defaultValue = "safe",
            description = "hitless (only old/new) or safe (never torn); both demand the target is reached (default: ${DEFAULT-VALUE})")
    Requirement require;

    @Option(names = "--outcomes", description = "also list every possible observation key (the jcstress outcome set)")
    boolean outcomes;

    @Option(names = "--html", paramLabel = "FILE",
            description = "also write the check as a self-contained HTML page (plan, counterexample lanes) to FILE")
    String html;

    @Override
    public Integer call() {
        EntryFormat f = Inputs.format(format);
        var o = Inputs.ordering(ordering);
        Entry current = Inputs.config(f, "--from", from), target = Inputs.config(f, "--to", to);
        Plan plan = o.plan(f, current, target);
        ReaderModel base = readerOptions.preset(f);
        ReaderModel model = readerOptions.model(f);
        Path htmlFile = html == null ? null : ReportFiles.check("--html", html);
        CheckResult r = Checker.check(plan, model);
        if (htmlFile != null) {
            // the page's one cell: named as typed, the reader as the preset unless a reader option changed it (the
            // visibility has its own place on the page)
            var cell = new Matrix.Cell(f, new NamedConfig(from, from, current), new NamedConfig(to, to, target), o,
                    model.withVisibility(base.visibility()).equals(base) ? readerOptions.reader : model.label(), r, require, false);
            ReportFiles.writeAll(Map.of(htmlFile, HtmlReport.page(new HtmlReport.Summary(
                    "hitless check --format " + f.name() + " --from " + from + " --to " + to + " --ordering " + ordering,
                    describe(r, require).lines().toList(), r.meets(require) ? Main.OK : Main.VIOLATED,
                    r.meets(require) ? "requirement met" : "requirement violated: " + String.join("; ", r.violations(require))),
                    List.of(f), List.of(cell), c -> describe(c.result(), c.requirement()))));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(plan);
        out.println();
        out.print(describe(r, require));
        if (outcomes) {
            out.println("outcomes " + String.join(", ", r.sortedOutcomeKeys()));
        }
        r.counterexample().ifPresent(cx -> {
            out.println();
            out.print(cx.render());
        });
        return r.meets(require) ? Main.OK : Main.VIOLATED;
    }

    static String describe(CheckResult r, Requirement require) {
        StringBuilder sb = new StringBuilder();
        sb.append("reader   ").append(r.model().label()).append(": ").append(r.model().chunks()).append(" chunks of ")
                .append(r.model().chunkBits()).append(" bits, ").append(r.model().order().name().toLowerCase())
                .append(" order, ").append(r.model().cache() == ReaderModel.Cache.NONE ? "no cache (re-fetch any time)"
                        : "sticky cache (one fetch per sync)").append('\n');
        sb.append("visible  ").append(Matrix.visibilityLine(r.model().visibility(), r.plan().format())).append('\n');
        sb.append("verdict  ").append(r.verdict()).append(": ").append(r.outcomes().size())
                .append(" outcomes (").append(r.distinctObservations()).append(" judgements), seen ").append(r.seen().stream().sorted().map(Seen::name)
                        .collect(Collectors.joining(" "))).append("; ").append(r.entrySyncs()).append(" entry sync")
                .append(r.entrySyncs() == 1 ? "" : "s").append("; ")
                .append(r.reachesTarget() ? "reaches the target" : "does NOT reach the target").append('\n');
        List<String> v = r.violations(require);
        sb.append("require  ").append(require.label()).append(": ")
                .append(v.isEmpty() ? "met" : "VIOLATED: " + String.join("; ", v)).append('\n');
        return sb.toString();
    }
}
