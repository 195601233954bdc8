package dev.hitless.cli;

import dev.hitless.attach.AttachChecker;
import dev.hitless.attach.AttachResult;
import dev.hitless.attach.AttachSequence;
import dev.hitless.attach.AttachStep;
import dev.hitless.attach.Domain;
import dev.hitless.attach.DomainSwitch;
import dev.hitless.attach.TagId;
import dev.hitless.attach.TagOutcome;
import dev.hitless.attach.TagTrace;
import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.matrix.Matrix;
import dev.hitless.check.Requirement;
import dev.hitless.entry.Entry;
import dev.hitless.format.Formats;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Plan;
import dev.hitless.planlang.AttachFile;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;
import dev.hitless.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explore every entry the hardware can observe while an ordering's plan runs; print the plan, the",
                "verdict (HITLESS, BREAKING, UNINIT, UNTRANSLATED or TORN) and the shortest counterexample. Then compose the ordering",
                "with an attach sequence (--attach) and explore every interleaving of writer, unmapper and device:",
                "STALE (a translation survives an unmap) or LEAK (one outlives the replace unreachable), shortest run."},
        footer = {"", "Examples:",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering struct-copy",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering struct-copy --reader sticky",
                "  hitless check --format smmu-ste --from s1-ssid0 --to s2-vmid1 --ordering used-bits-64 --require hitless",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering struct-copy --html check.html",
                "  hitless check --format smmu-ste --from s1-ssid0 --to s2-vmid1 --ordering used-bits-64 --visibility in-order",
                "  hitless check --format vtd-pasid --from 'fl:did=5' --to 'fl:did=5,fsptptr=0x200000' --ordering used-bits-128 --chunk 64",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering used-bits-128 --attach vtd-rid-2024",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering used-bits-128 --attach vtd-temporary-tag",
                "", "Exit codes: 0 requirement met, 1 violated, 2 bad input."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F", description = Formats.NAMES)
    String format;

    @Option(names = "--from", required = true, paramLabel = "SPEC",
            description = "the live entry: kind[:param=value,...], catalogue name or the entry's hex qwords (as many as the format has)")
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

    @Option(names = "--attach", paramLabel = "NAME|FILE",
            description = "the attach sequence the ordering runs in (list updates and flushes around the entry update): a"
                    + " built-in (vtd-corrected, vtd-rid-2024, vtd-old-removed-early, arm-prepare-commit, vtd-temporary-tag,"
                    + " riscv-iodir, riscv-iodir-pre-2026) or an attach file (default: vtd-corrected, which covers both domains"
                    + " during the switch; riscv-iodir on the RISC-V formats)")
    String attach;

    @Option(names = "--ats", paramLabel = "on|off", defaultValue = "on",
            description = "whether the device caches translations in a device TLB (ATS) too (default: ${DEFAULT-VALUE})")
    String ats;

    @Option(names = "--outcomes", description = "also list every possible observation key (the jcstress outcome set)")
    boolean outcomes;

    @Option(names = "--html", paramLabel = "FILE",
            description = "also write the check as a self-contained HTML page (plan, counterexample lanes) to FILE (- for stdout, instead of the text)")
    String html;

    @Override
    public Integer call() {
        EntryFormat f = Inputs.format(format);
        var o = Inputs.ordering(ordering, f);
        Entry current = Inputs.config(f, "--from", from), target = Inputs.config(f, "--to", to);
        Plan plan = o.plan(f, current, target);
        ReaderModel base = readerOptions.preset(f);
        ReaderModel model = readerOptions.model(f);
        ReportFiles files = new ReportFiles().inputIfFile("--ordering", ordering);
        if (attach != null) files.inputIfFile("--attach", attach);
        files.add("--html", html);
        AttachSequence seq = attach == null ? AttachFile.defaultSequence(f) : Inputs.attach(attach);
        boolean withAts = Inputs.ats(ats);
        CheckResult r = Checker.check(plan, model);
        AttachResult ar;
        try {
            ar = AttachChecker.check(seq, o, f, current, target, model, withAts, r);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--attach " + seq.name() + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        // the page's one cell: named as typed, the reader as the preset unless a reader option changed it (the
        // visibility has its own place on the page)
        java.util.function.Supplier<String> page = () -> HtmlReport.page(new HtmlReport.Summary(
                "hitless check --format " + f.name() + " --from " + from + " --to " + to + " --ordering " + ordering,
                (describe(r, require) + describeAttach(ar, require)).lines().toList(), ar.meets(require) ? Main.OK : Main.VIOLATED,
                ar.meets(require) ? "requirement met" : "requirement violated: " + String.join("; ", ar.violations(require))),
                List.of(f), List.of(new Matrix.Cell(f, new NamedConfig(from, from, current), new NamedConfig(to, to, target), o,
                        model.withVisibility(base.visibility()).equals(base) ? readerOptions.reader : model.label(), r, require, false, ar)),
                c -> describe(c.result(), c.requirement()) + describeAttach(c.attach(), c.requirement()) + tagRun(c.attach()));
        files.publish(out, Map.of("--html", page), () -> {
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
            out.println();
            out.print(describeAttach(ar, require));
            out.print(tagRun(ar));
        });
        return ar.meets(require) ? Main.OK : Main.VIOLATED;
    }

    /** The shortest run to the worst cache-tag outcome, after a blank line; empty when there is none. */
    static String tagRun(AttachResult ar) {
        return ar.worstOutcome().map(w -> "\nshortest run to " + w.kind() + " (" + TagTrace.length(ar, w) + " moves; every"
                + " interleaving of writer, unmapper and device explored, " + ar.exploration().states() + " states):\n"
                + String.join("\n", TagTrace.render(ar, w)) + "\n").orElse("");
    }

    /**
     * The cache-tag lines of a check: the attach sequence composed with the ordering, the tags and tables of the
     * replace, what the model found and what the sequence costs.
     */
    static String describeAttach(AttachResult a, Requirement require) {
        StringBuilder sb = new StringBuilder();
        DomainSwitch ds = a.domains();
        sb.append("attach   ").append(a.sequence().name()).append(a.sequence().knownBad() ? " (known-bad)" : "").append(": ")
                .append(a.sequence().description()).append('\n');
        int k = 0;
        for (AttachStep s : a.sequence().steps()) {
            String line = s.text();
            if (s instanceof AttachStep.Switch) {
                var run = a.switches().get(k++);
                line += "    (" + run.plan().ordering() + ": " + run.plan().storeCount() + " stores, " + run.result().entrySyncs()
                        + " entry syncs, " + run.result().verdict() + ")";
            }
            sb.append("           ").append(line).append('\n');
        }
        sb.append("tags     old ").append(ds.describe(TagId.OLD)).append(", new ").append(ds.describe(TagId.NEW))
                .append(ds.sharesTag() ? " (one tag: the IOTLB keys both tables' translations by it)" : "")
                .append(a.sequence().usesTemporaryTag() ? ", temporary " + ds.describe(TagId.TEMP) : "")
                .append("; tables: old ").append(ds.translates(Domain.OLD) ? "walked" : "none (no page to unmap)")
                .append(", new ").append(ds.translates(Domain.NEW) ? "walked" : "none (no page to unmap)")
                .append("; ATS ").append(a.ats() ? "on (device TLB)" : "off").append('\n');
        sb.append("caches   ").append(a.outcomes().isEmpty() ? "clean: no STALE, no LEAK" : a.tagVerdict() + ": "
                        + a.outcomes().stream().map(TagOutcome::key).collect(Collectors.joining(", ")))
                .append(" over every interleaving of writer, unmapper and device (").append(a.exploration().states()).append(" states)\n");
        sb.append("cost     ").append(a.cost()).append('\n');
        List<String> v = a.violations(require);
        sb.append("overall  ").append(a.verdict()).append("; require ").append(require.label()).append(": ")
                .append(v.isEmpty() ? "met" : "VIOLATED: " + String.join("; ", v)).append('\n');
        return sb.toString();
    }

    static String describe(CheckResult r, Requirement require) {
        StringBuilder sb = new StringBuilder();
        int chunks = r.model().chunks(r.plan().format());
        sb.append("reader   ").append(r.model().label()).append(": ")
                .append(chunks == 1 ? "the whole entry in one atomic read of " + r.model().chunkBits() + " bits, "
                        : chunks + " chunks of " + r.model().chunkBits() + " bits, " + r.model().order().name().toLowerCase() + " order, ").append(r.model().cache() == ReaderModel.Cache.NONE ? "no cache (re-fetch any time)"
                        : "sticky cache (one fetch per sync)").append('\n');
        sb.append("visible  ").append(Matrix.visibilityLine(r.model().visibility(), r.plan().format())).append('\n');
        r.plan().format().passageNote().ifPresent(n -> sb.append("passage  ").append(n).append('\n'));
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
