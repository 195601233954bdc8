package dev.hitless.cli;

import dev.hitless.matrix.Matrix;
import dev.hitless.check.Requirement;
import dev.hitless.cwriter.CCompiler;
import dev.hitless.cwriter.CWriter;
import dev.hitless.cwriter.CWriterException;
import dev.hitless.cwriter.RecordedOrdering;
import dev.hitless.cwriter.Recording;
import dev.hitless.cwriter.Transition;
import dev.hitless.entry.Entry;
import dev.hitless.format.Formats;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanPrinter;
import dev.hitless.plan.Step;
import dev.hitless.planlang.RecordedPlans;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "c-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compile a kernel-style entry writer written in C against the shim (c/hitless.h), run it on every",
                "catalogue transition of a format (or the one given), and check each recorded plan of stores, barriers",
                "and syncs under every reader preset, as matrix does. With --against, each recorded plan must also be",
                "step for step the built-in's plan; the first differing step is shown side by side."},
        footer = {"", "The file defines void hitless_writer(__le64 *entry, const __le64 *target) (or --entry NAME) and",
                "uses WRITE_ONCE, dma_wmb, cmpxchg128, hitless_sync(\"entry+iotlb\"), ...: see c/hitless.h. hitless.h is",
                "included before the file (-include), so a writer copied out of a kernel tree needs only its kernel",
                "#includes stubbed: put stub headers in a folder passed with --include-dir (README, 'Check your C').",
                "", "Examples:",
                "  hitless c-check my_writer.c --format smmu-ste --against used-bits-64",
                "  hitless c-check my_writer.c --format vtd-pasid --from fl-did5-a --to fl-did6-b --reader strict",
                "  hitless c-check my_writer.c --format smmu-ste --visibility in-order   (as if the stores reached the SMMU in program order)",
                "  hitless c-check arm-smmu-v3.c --format smmu-ste --entry test_write_entry -I stubs --junit-xml c-check.xml",
                "", "Exit codes: 0 every plan met its requirement (and equals --against's), 1 some did not,",
                "2 bad input (also: no C compiler, a file that does not compile, a writer that crashes, loops or",
                "writes outside the entry, naming the transition), 3 internal error."})
final class CCheckCommand implements Callable<Integer> {
    /** Differing transitions listed in the text report unless --all. */
    private static final int EXAMPLES = 5;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the C file defining the writer")
    String file;

    @Option(names = "--format", required = true, paramLabel = "F", description = Formats.NAMES)
    String format;

    @Option(names = "--from", paramLabel = "SPEC", description = "only this transition's live entry (with --to): catalogue name, kind[:param=value,...] or the entry's hex qwords (as many as the format has)")
    String from;

    @Option(names = "--to", paramLabel = "SPEC", description = "only this transition's target entry (with --from)")
    String to;

    @Option(names = "--entry", paramLabel = "NAME", defaultValue = CWriter.Options.DEFAULT_ENTRY,
            description = "the writer function, void NAME(__le64 *entry, const __le64 *target) (default: ${DEFAULT-VALUE})")
    String entry;

    @Option(names = {"--include-dir", "-I"}, paramLabel = "DIR", description = "a folder of headers the file includes (repeatable)")
    List<String> includeDirs = new ArrayList<>();

    @Option(names = "--against", paramLabel = "ORDERING",
            description = "a built-in ordering (or plan file) each recorded plan must equal; its claim becomes the recorded plan's")
    String against;

    @Option(names = "--reader", paramLabel = "PRESET", description = "a reader preset to include (repeatable; default: the format's own, as matrix: strict, ascending, sticky, for amd-dte also strict-128, strict-64, for the VT-d context entries strict-64)")
    List<String> readers = new ArrayList<>();

    @Option(names = "--visibility", paramLabel = "V",
            description = "in-order or barrier-ordered: in what order the recorded stores reach the device (default: the format's own)")
    String visibility;

    @Option(names = "--require", paramLabel = "REQ",
            description = "hitless or safe for every plan (default: the claim, i.e. safe, or --against's claim)")
    Requirement require;

    @Option(names = "--time-limit-ms", paramLabel = "MS", defaultValue = "" + CWriter.Options.DEFAULT_TIME_LIMIT_MILLIS,
            description = "how long the writer may run on one transition (default: ${DEFAULT-VALUE})")
    long timeLimitMs;

    @Option(names = "--all", description = "list every failing or differing transition")
    boolean all;

    @Option(names = "--save-plan", paramLabel = "FILE",
            description = "also write the recorded plans as a plan file (literal stores, one branch per transition) that every command takes as --ordering (- for stdout, instead of the table)")
    String savePlan;

    @Mixin
    ReportOptions reports;

    /** A recorded plan compared with the built-in's: {@code step} is the first differing step (1-based), 0 when equal. */
    record Difference(NamedConfig from, NamedConfig to, int step, String recorded, String builtIn) {
        String transition() {
            return from.name() + " -> " + to.name();
        }
    }

    @Override
    public Integer call() {
        EntryFormat f = Inputs.format(format);
        Path source = sourceFile();
        if ((from == null) != (to == null)) throw new BadInput(from == null ? "--to needs --from" : "--from needs --to");
        List<NamedConfig[]> pairs = transitions(f);
        if (!CWriter.IDENTIFIER.matcher(entry).matches()) {
            throw new BadInput("--entry: '" + entry + "' is not a C identifier");
        }
        List<Path> dirs = includeDirs.stream().map(d -> directory("--include-dir", d)).toList();
        if (timeLimitMs <= 0 || timeLimitMs > 3_600_000) {
            throw new BadInput("--time-limit-ms: expected 1 to 3600000 milliseconds, found " + timeLimitMs);
        }
        Ordering builtIn = against == null ? null : Inputs.ordering(against, f);
        List<String> presets = readers.isEmpty() ? ReaderModel.presets(f) : readers;
        for (String p : presets) Inputs.preset(p, f);
        List<Visibility> visibilities = List.of(visibility == null ? Visibility.defaultFor(f) : Inputs.visibility(visibility));
        ReportFiles files = new ReportFiles().input("C file", source);
        if (against != null) files.inputIfFile("--against", against);
        reports.declare(files.add("--save-plan", savePlan));

        long t0 = System.nanoTime();
        List<Transition> transitions = pairs.stream()
                .map(p -> new Transition(p[0].name() + " -> " + p[1].name(), p[0].entry(), p[1].entry())).toList();
        Map<List<Entry>, Plan> builtInPlans = new LinkedHashMap<>(); // made first: a plan file's error costs no compile
        if (builtIn != null) {
            for (Transition t : transitions) builtInPlans.put(List.of(t.current(), t.target()), builtIn.plan(f, t.current(), t.target()));
        }
        List<Recording> recordings;
        try {
            recordings = CWriter.record(CCompiler.find(Environment.of(spec)), source, transitions,
                    new CWriter.Options(dirs, entry, timeLimitMs, tempRoot()));
        } catch (CWriterException e) {
            throw new BadInput(e.getMessage());
        }
        RecordedOrdering recorded = new RecordedOrdering(source.getFileName().toString(), f, recordings,
                (cur, tgt) -> builtIn == null ? Claim.UNCLAIMED : builtInPlans.get(List.of(cur, tgt)).claim());
        List<Matrix.Cell> cells = new ArrayList<>();
        List<Difference> diffs = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            NamedConfig a = pairs.get(i)[0], b = pairs.get(i)[1];
            Plan plan = recorded.plan(f, a.entry(), b.entry());
            cells.addAll(Matrix.cells(plan, a, b, recorded, presets, visibilities, require, false));
            if (builtIn != null) diffs.add(difference(a, b, plan, builtInPlans.get(List.of(a.entry(), b.entry())), builtIn.name()));
        }
        long t1 = System.nanoTime();

        Map<String, Object> extra = extra(recordings, diffs);
        Map<String, String> extraCases = new LinkedHashMap<>();
        for (Difference d : diffs) {
            extraCases.put("against " + builtIn.name() + " " + d.transition(), d.step() == 0 ? null
                    : "differs from " + builtIn.name() + " at step " + d.step() + ": recorded " + d.recorded().strip()
                    + " | " + builtIn.name() + " " + d.builtIn().strip());
        }
        boolean differs = diffs.stream().anyMatch(d -> d.step() != 0);
        Map<String, java.util.function.Supplier<String>> texts = ReportOptions.texts(() -> MatrixReport.json(cells, require, extra),
                () -> MatrixReport.junit(cells, (t1 - t0) / 1e9, extraCases), () -> MatrixReport.html("hitless c-check " + file, cells,
                        List.of(f), require, differs ? "the recorded plans differ from " + builtIn.name() + "'s" : null));
        texts.put("--save-plan", () -> recordedPlanFile(f, source, pairs, recorded));
        PrintWriter out = spec.commandLine().getOut();
        files.publish(out, texts, () -> {
            out.printf("%s: the C writer %s recorded on %d transition%s%n", source, entry, transitions.size(),
                    transitions.size() == 1 ? "" : "s");
            out.print(notes(recordings));
            if (from != null) out.print(details(cells));
            out.print(MatrixReport.text(cells, List.of(f), List.of(recorded), presets, visibilities, require, all,
                    "hitless c-check " + file + " --format F --from A --to B --reader R"
                            + (visibility == null ? "" : " --visibility " + visibilities.get(0).label()) + (against == null ? "" : " --against " + against)
                            + (entry.equals(CWriter.Options.DEFAULT_ENTRY) ? "" : " --entry " + entry)));
            if (builtIn != null) out.print(againstText(diffs, builtIn.name(), recorded.name()));
        });
        return cells.stream().anyMatch(Matrix.Cell::unexpectedFailure) || differs ? Main.VIOLATED : Main.OK;
    }

    /**
     * The recorded plans as a plan file ({@link RecordedPlans}): named {@code c-} and the C file's base name, with the
     * recorded ordering's quantum (128 when the writer stored 128-bit chunks, else 64).
     */
    private String recordedPlanFile(EntryFormat f, Path source, List<NamedConfig[]> pairs, RecordedOrdering recorded) {
        List<Plan> plans = pairs.stream().map(p -> recorded.plan(f, p[0].entry(), p[1].entry())).toList();
        String base = source.getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return RecordedPlans.write("c-" + (base.isEmpty() ? "writer" : base),
                "recorded from " + file + " (" + entry + ") by hitless c-check", recorded.quantumBits(), plans);
    }

    /**
     * Where the build folder is made (and removed): the system property {@value #TEMP_ROOT} when set (tests give each
     * run its own folder, so a concurrent process's files in the system temp folder cannot confuse them), else
     * {@code java.io.tmpdir}.
     */
    private static Path tempRoot() {
        return Path.of(System.getProperty(TEMP_ROOT, System.getProperty("java.io.tmpdir")));
    }

    static final String TEMP_ROOT = "hitless.c.tmpdir";

    private Path sourceFile() {
        Path p;
        try {
            p = Path.of(file);
        } catch (InvalidPathException e) {
            throw new BadInput("FILE: '" + file + "' is not a file name: " + e.getReason());
        }
        if (file.isBlank()) throw new BadInput("FILE: expected a C file, found an empty name");
        java.util.Optional<String> problem = dev.hitless.planlang.InputFiles.problem(p);
        if (problem.isPresent()) {
            throw new BadInput("FILE: " + file + (problem.get().equals("no such file") ? ": no such file" : " is " + problem.get() + "; expected a C file"));
        }
        if (!Files.isReadable(p)) throw new BadInput("FILE: " + file + " is not readable");
        return p;
    }

    private static Path directory(String option, String name) {
        try {
            Path p = Path.of(name);
            if (name.isBlank() || !Files.isDirectory(p)) throw new BadInput(option + ": " + name + " is not a folder");
            return p;
        } catch (InvalidPathException e) {
            throw new BadInput(option + ": '" + name + "' is not a folder name: " + e.getReason());
        }
    }

    /** Every ordered pair of distinct catalogue configurations, or the one given by --from/--to. */
    private List<NamedConfig[]> transitions(EntryFormat f) {
        List<NamedConfig[]> pairs = new ArrayList<>();
        if (from != null) {
            pairs.add(new NamedConfig[]{named(f, "--from", from), named(f, "--to", to)});
            return pairs;
        }
        for (NamedConfig a : f.catalogue()) {
            for (NamedConfig b : f.catalogue()) if (a != b) pairs.add(new NamedConfig[]{a, b});
        }
        return pairs;
    }

    private static NamedConfig named(EntryFormat f, String option, String spec) {
        Entry e = Inputs.config(f, option, spec);
        return f.catalogue().stream().filter(c -> c.name().equals(spec)).findFirst()
                .orElse(new NamedConfig(spec, spec, e));
    }

    /** Equal plans, or the first step where the recorded plan and the built-in's part, each printed by PlanPrinter. */
    static Difference difference(NamedConfig from, NamedConfig to, Plan recorded, Plan builtIn, String name) {
        List<Step> r = recorded.steps(), b = builtIn.steps();
        Entry er = recorded.current(), eb = builtIn.current();
        for (int i = 0; i < Math.max(r.size(), b.size()); i++) {
            Step sr = i < r.size() ? r.get(i) : null, sb = i < b.size() ? b.get(i) : null;
            if (sr != null && sr.equals(sb)) {
                er = sr.applyTo(er);
                eb = sb.applyTo(eb);
                continue;
            }
            String lr = sr == null ? String.format("  %3d  (no step: the recorded plan ends)", i + 1)
                    : PlanPrinter.line(i + 1, sr, recorded.format(), er, sr.applyTo(er));
            String lb = sb == null ? String.format("  %3d  (no step: %s ends)", i + 1, name)
                    : PlanPrinter.line(i + 1, sb, builtIn.format(), eb, sb.applyTo(eb));
            return new Difference(from, to, i + 1, lr, lb);
        }
        return new Difference(from, to, 0, "", "");
    }

    private String againstText(List<Difference> diffs, String name, String recordedName) {
        StringBuilder sb = new StringBuilder();
        List<Difference> bad = diffs.stream().filter(d -> d.step() != 0).toList();
        sb.append("\nagainst ").append(name).append(": ");
        if (bad.isEmpty()) {
            sb.append("OK, ").append(diffs.size()).append(" of ").append(diffs.size())
                    .append(" recorded plans are step for step ").append(name).append("'s\n");
            return sb.toString();
        }
        sb.append("FAIL, ").append(bad.size()).append(" of ").append(diffs.size()).append(" recorded plans differ; the first differing step:\n");
        int w = Math.max(recordedName.length(), name.length());
        int shown = 0;
        for (Difference d : bad) {
            if (!all && shown == EXAMPLES) {
                sb.append("  ... ").append(bad.size() - shown).append(" more (--all lists them)\n");
                break;
            }
            sb.append("  ").append(d.transition()).append(", step ").append(d.step()).append(":\n");
            sb.append(String.format("    %-" + w + "s %s%n", recordedName, d.recorded()));
            sb.append(String.format("    %-" + w + "s %s%n", name, d.builtIn()));
            shown++;
        }
        return sb.toString();
    }

    /** For one transition: the recorded plan, then each reader's verdict and counterexample, as {@code check} prints them. */
    private static String details(List<Matrix.Cell> cells) {
        StringBuilder sb = new StringBuilder();
        sb.append(cells.get(0).result().plan()).append('\n');
        for (Matrix.Cell c : cells) {
            sb.append(CheckCommand.describe(c.result(), c.requirement()));
            c.result().counterexample().ifPresent(cx -> sb.append('\n').append(cx.render()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Plain (non-WRITE_ONCE) stores and fired WARN_ONs, which the table does not show. */
    private static String notes(List<Recording> recordings) {
        StringBuilder sb = new StringBuilder();
        List<Recording> plain = recordings.stream().filter(r -> !r.plainStores().isEmpty()).toList();
        if (!plain.isEmpty()) {
            Recording r = plain.get(0);
            sb.append("plain stores (not WRITE_ONCE, checked as plain 64-bit stores: the compiler may reorder them) on ").append(plain.size())
                    .append(" transition").append(plain.size() == 1 ? "" : "s").append(", e.g. ")
                    .append(r.transition().name()).append(": ").append(r.plainStores().size()).append(" of ")
                    .append(r.steps().stream().filter(Step::isStore).count()).append(" stores\n");
        }
        List<Recording> warned = recordings.stream().filter(r -> !r.warnings().isEmpty()).toList();
        if (!warned.isEmpty()) {
            Recording r = warned.get(0);
            sb.append("WARN_ON fired on ").append(warned.size()).append(" transition").append(warned.size() == 1 ? "" : "s")
                    .append(", e.g. ").append(r.transition().name()).append(": ").append(String.join(", ", r.warnings())).append('\n');
        }
        return sb.append('\n').toString();
    }

    private static Map<String, Object> extra(List<Recording> recordings, List<Difference> diffs) {
        Map<String, Object> extra = new LinkedHashMap<>();
        List<Map<String, Object>> recs = new ArrayList<>();
        for (Recording r : recordings) {
            if (r.plainStores().isEmpty() && r.warnings().isEmpty()) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("transition", r.transition().name());
            m.put("plainStoreSteps", r.plainStores().stream().map(i -> i + 1).toList());
            m.put("warnings", r.warnings());
            recs.add(m);
        }
        extra.put("recordingNotes", recs);
        if (!diffs.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Difference d : diffs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("from", d.from().name());
                m.put("to", d.to().name());
                m.put("identical", d.step() == 0);
                if (d.step() != 0) {
                    m.put("step", d.step());
                    m.put("recorded", d.recorded().strip());
                    m.put("against", d.builtIn().strip());
                }
                list.add(m);
            }
            extra.put("against", list);
        }
        return extra;
    }
}
