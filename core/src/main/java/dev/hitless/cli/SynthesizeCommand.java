package dev.hitless.cli;

import dev.hitless.check.Requirement;
import dev.hitless.entry.Entry;
import dev.hitless.format.Formats;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;
import dev.hitless.synth.Optimality;
import dev.hitless.synth.Proof;
import dev.hitless.synth.Route;
import dev.hitless.synth.Stats;
import dev.hitless.synth.Synthesis;
import dev.hitless.synth.SynthesisLimitException;
import dev.hitless.synth.Synthesizer;
import dev.hitless.synth.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "synthesize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find the plan with the fewest entry syncs, then the fewest stores, that",
                "moves a live entry from --from to --to meeting the requirement under the",
                "reader model, or prove that none exists. Plans are built from qword stores",
                "(and 128-bit stores where the hardware reads 128-bit chunks) of values made",
                "per field from the two entries (plus zero and the valid bit cleared),",
                "dma_wmb and entry syncs. Every plan shown is printed as a plan file, parsed",
                "back and re-checked by the checker first. --matrix compares the used-bits",
                "algorithm with the optimum over every catalogue transition."},
        footer = {"", "Examples:",
                "  hitless synthesize --format vtd-pasid --from fl-did5-a --to fl-did5-b",
                "  hitless synthesize --format vtd-pasid --from fl-did5-a --to fl-did6-b",
                "      (no hitless plan: the proof)",
                "  hitless synthesize --format vtd-pasid --from fl-did5-a --to fl-did6-b \\",
                "      --intermediates   (the temporary-DID route)",
                "  hitless synthesize --format smmu-ste --from s1-ssid0 --to s2-vmid1 \\",
                "      --require safe --save-plan s1-to-s2.plan",
                "  hitless synthesize --matrix   (the catalogue of the three formats)",
                "", "Exit codes: 0 a plan (or a route) was found (--matrix: for every transition),",
                "1 none exists (the proof is printed), 2 bad input, 4 the search is too large."})
final class SynthesizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "F", description = Formats.NAMES + "; with --matrix also all (the default)")
    String format;

    @Option(names = "--from", paramLabel = "SPEC",
            description = "the live entry: kind[:param=value,...], catalogue name or the entry's hex qwords (as many as the format has)")
    String from;

    @Option(names = "--to", paramLabel = "SPEC", description = "the target entry, same syntax")
    String to;

    @Mixin
    ReaderOptions readerOptions;

    @Option(names = "--require", paramLabel = "REQ", defaultValue = "hitless",
            description = "hitless (only old/new) or safe (never torn, may break) (default: ${DEFAULT-VALUE})")
    Requirement require;

    @Option(names = "--intermediates",
            description = "where no plan exists, search a route through intermediate configurations (a temporary DID, S2VMID or ASID)")
    boolean intermediates;

    @Option(names = "--matrix", description = "every transition of the catalogue: used-bits against the optimum, with the search's time and state counts")
    boolean matrix;

    @Option(names = "--save-plan", paramLabel = "FILE",
            description = "also write the plans found as a plan file (one branch per transition or leg), which every command takes as --ordering (- for stdout, instead of the text)")
    String savePlan;

    @Override
    public Integer call() {
        try {
            return matrix ? matrix() : one();
        } catch (SynthesisLimitException e) {
            spec.commandLine().getErr().println("hitless: error: search too large: " + e.getMessage());
            return Main.TOO_LARGE;
        }
    }

    private int one() {
        if (format == null) throw new BadInput("--format is needed (or --matrix)");
        if (format.equals("all")) throw new BadInput("--format all needs --matrix: one transition has one format");
        EntryFormat f = Inputs.format(format);
        if (from == null || to == null) throw new BadInput("--from and --to are needed (or --matrix)");
        Entry current = Inputs.config(f, "--from", from), target = Inputs.config(f, "--to", to);
        ReaderModel model = readerOptions.model(f);
        ReportFiles files = new ReportFiles().add("--save-plan", savePlan);

        Synthesis s = Synthesizer.synthesize(f, current, target, model, require);
        Optional<Route> route = !s.found() && intermediates ? Route.find(f, current, target, model) : Optional.empty();
        Optional<Verification.Verified> shown = s.found() ? Optional.of(s.verifiedOrNull()) : route.map(Route::verified);
        if (shown.isEmpty()) files = new ReportFiles(); // no plan: nothing to save, and stdout shows the proof
        PrintWriter out = spec.commandLine().getOut();
        int[] code = new int[1];
        files.publish(out, Map.of("--save-plan", () -> shown.orElseThrow().planFile()), () -> code[0] = print(out, f, model, s, route));
        return files.stdoutTaken() ? Main.OK : code[0]; // a plan to save exists only when one was found
    }

    /** The text of {@link #one}: the plan and its check, or the proof and the route; returns the exit code. */
    private int print(PrintWriter out, EntryFormat f, ReaderModel model, Synthesis s, Optional<Route> route) {
        out.println("synthesize " + f.name() + " " + from + " -> " + to + ": reader " + model.label() + ", require " + require.label());
        out.println();
        if (s.found()) {
            if (intermediates) out.println("a direct plan exists: no intermediate configuration is needed");
            printVerified(out, s.verifiedOrNull());
            out.println("search   " + s.stats().line());
            return Main.OK;
        }
        s.proof().map(Proof::lines).orElseThrow().forEach(out::println);
        if (!intermediates) return Main.VIOLATED;
        out.println();
        if (route.isEmpty()) {
            out.println("no route through intermediate configurations either"
                    + (f.cacheTagField().isEmpty() ? " (the format has no tag field to give a temporary value)"
                    : " (the current or the target configuration with " + f.cacheTagField().get().name() + " at a temporary value)"));
            return Main.VIOLATED;
        }
        Route r = route.get();
        out.println("route through intermediate configurations (" + r.intermediatesTried() + " tried): "
                + r.legs().size() + " legs, " + r.entrySyncs() + " entry syncs, each leg hitless between its own two ends");
        for (int i = 0; i < r.stops().size(); i++) {
            Entry e = r.stops().get(i);
            out.println("  stop " + i + (i == 0 ? " (current)" : i == r.stops().size() - 1 ? " (target)" : "") + "  " + e);
            out.println("          " + f.decode(e));
        }
        out.println();
        printVerified(out, r.verified());
        out.println("invalidation side:");
        for (String l : r.invalidation(f)) out.println("  " + l);
        out.println("search   " + r.stats().line());
        return Main.OK;
    }

    /** Every leg (plan, then the checker's judgement of it), then the plan file. */
    private void printVerified(PrintWriter out, Verification.Verified v) {
        for (int i = 0; i < v.legs().size(); i++) {
            if (v.legs().size() > 1) out.println("leg " + (i + 1) + ":");
            out.print(v.legs().get(i));
            out.println("re-verified by the checker:");
            out.print(CheckCommand.describe(v.checks().get(i), v.legs().size() > 1 ? Requirement.HITLESS : require).indent(2));
            out.println();
        }
        out.println("plan file (--save-plan FILE writes it; every command takes it as --ordering):");
        out.print(v.planFile().indent(2));
        out.println();
    }

    private int matrix() {
        if (from != null || to != null) throw new BadInput("--matrix synthesises every catalogue transition; it takes no --from or --to");
        List<EntryFormat> formats = Inputs.formats(format);
        for (EntryFormat f : formats) readerOptions.model(f);
        ReportFiles files = new ReportFiles().add("--save-plan", savePlan);
        long t0 = System.nanoTime();
        List<Optimality.Row> rows = Optimality.run(formats, readerOptions::model, intermediates);
        long nanos = System.nanoTime() - t0;
        PrintWriter out = spec.commandLine().getOut();
        files.publish(out, Map.of("--save-plan", () -> dev.hitless.synth.Verification.planFile(
                rows.stream().flatMap(r -> r.optimum().stream()).toList())),
                () -> SynthesisReport.text(rows, formats, intermediates, nanos).forEach(out::println));
        return rows.stream().allMatch(r -> require == Requirement.HITLESS ? r.hitlessExists() || r.route().isPresent()
                : r.optimum().isPresent()) ? Main.OK : Main.VIOLATED;
    }
}
