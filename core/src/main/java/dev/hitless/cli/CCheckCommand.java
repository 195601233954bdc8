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
import dev.hitless.ktree.Driver;
import dev.hitless.ktree.KernelTree;
import dev.hitless.ktree.KernelTreeException;
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
                "step for step the built-in's plan; the first differing step is shown side by side.",
                "With --kernel-tree DIR --driver NAME the writer is taken from an unmodified kernel tree (no FILE):",
                "hitless knows each driver's files, writer, used-bits and update-safe functions, and writes the glue;",
                "--against-tree OLD_DIR shows every transition whose recorded plan a patch changed (docs/kernel-tree.md)."},
        footer = {"", "The file defines void hitless_writer(__le64 *entry, const __le64 *target) (or --entry NAME) and",
                "uses WRITE_ONCE, dma_wmb, cmpxchg128, hitless_sync(\"entry+iotlb\"), ...: see c/hitless.h. hitless.h is",
                "included before the file (-include), so a writer copied out of a kernel tree needs only its kernel",
                "#includes stubbed: put stub headers in a folder passed with --include-dir (README, 'Check your C').",
                "", "Examples:",
                "  hitless c-check my_writer.c --format smmu-ste --against used-bits-64",
                "  hitless c-check my_writer.c --format vtd-pasid --from fl-did5-a --to fl-did6-b --reader strict",
                "  hitless c-check my_writer.c --format smmu-ste --visibility in-order   (as if the stores reached the SMMU in program order)",
                "  hitless c-check arm-smmu-v3.c --format smmu-ste --entry test_write_entry -I stubs --junit-xml c-check.xml",
                "  hitless c-check --kernel-tree ~/linux --driver arm-smmu-v3-ste",
                "  hitless c-check --kernel-tree ~/linux --driver intel-pasid --against-tree ~/linux-before-my-patch",
                "", "Exit codes: 0 every plan met its requirement (and equals --against's), 1 some did not,",
                "2 bad input (also: no C compiler, a file that does not compile, a writer that crashes, loops or",
                "writes outside the entry, naming the transition), 3 internal error."})
final class CCheckCommand implements Callable<Integer> {
    /** Differing transitions listed in the text report unless --all. */
    private static final int EXAMPLES = 5;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the C file defining the writer (or --kernel-tree)")
    String file;

    @Option(names = "--format", paramLabel = "F", description = Formats.NAMES + " (with --kernel-tree: the driver's)")
    String format;

    @Option(names = "--kernel-tree", paramLabel = "DIR", description = "take the writer from this kernel tree, unmodified (with --driver)")
    String kernelTree;

    @Option(names = "--driver", paramLabel = "NAME", description = "the driver whose writer --kernel-tree takes: " + Driver.NAMES
            + " (intel-pasid: the entry_sync writer where the tree has it, else the tree's own PASID set-up, replace and tear-down)")
    String driver;

    @Option(names = "--against-tree", paramLabel = "OLD_DIR",
            description = "the same driver in another tree (before a patch): every transition whose recorded plan changed, with its verdicts before and after; exit 1 when one got worse")
    String againstTree;

    @Option(names = "-D", paramLabel = "NAME[=VALUE]",
            description = "define a macro for the compile (repeatable); with --kernel-tree also for the tree's #if blocks, over the driver's default configuration")
    List<String> defines = new ArrayList<>();

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

    /**
     * The writer to record: a C file, or the one {@code --kernel-tree} took from a tree (then {@code tree} holds the
     * folder to remove).
     */
    private record Writer(String label, Path file, List<Path> dirs, List<String> defines, String entry, List<String> notes,
                          KernelTree.Prepared tree) implements AutoCloseable {
        @Override
        public void close() {
            if (tree != null) tree.close();
        }

        CWriter.Options options(long timeLimitMs) {
            return new CWriter.Options(dirs, entry, timeLimitMs, tempRoot(), defines, tree == null ? null : label);
        }
    }

    @Override
    public Integer call() {
        Driver named = treeOptions();
        // as each tree has it (intel-pasid: the entry_sync writer, else the tree's own replace)
        Driver drv = named == null ? null : KernelTree.driverIn(kernelTree, named);
        Driver oldDrv = named == null || againstTree == null ? null : KernelTree.driverIn(againstTree, named);
        EntryFormat f = Inputs.format(drv != null ? drv.format() : format);
        Path source = drv != null ? null : sourceFile();
        if ((from == null) != (to == null)) throw new BadInput(from == null ? "--to needs --from" : "--from needs --to");
        List<String> reach = new ArrayList<>();
        List<NamedConfig[]> mine = writable(drv, null, transitions(f), reach);
        List<NamedConfig[]> pairs = oldDrv == drv ? mine : writable(oldDrv, againstTree, mine, reach);
        if (!CWriter.IDENTIFIER.matcher(entry).matches()) {
            throw new BadInput("--entry: '" + entry + "' is not a C identifier");
        }
        for (String d : defines) {
            if (!CWriter.DEFINE.matcher(d).matches()) throw new BadInput("-D: expected NAME or NAME=VALUE (a C identifier, then one line), found '" + d + "'");
        }
        List<Path> dirs = includeDirs.stream().map(d -> directory("--include-dir", d)).toList();
        if (timeLimitMs <= 0 || timeLimitMs > 3_600_000) {
            throw new BadInput("--time-limit-ms: expected 1 to 3600000 milliseconds, found " + timeLimitMs);
        }
        Ordering builtIn = against == null ? null : Inputs.ordering(against, f);
        List<String> presets = readers.isEmpty() ? ReaderModel.presets(f) : readers;
        for (String p : presets) Inputs.preset(p, f);
        List<Visibility> visibilities = List.of(visibility == null ? Visibility.defaultFor(f) : Inputs.visibility(visibility));
        ReportFiles files = new ReportFiles();
        if (source != null) files.input("C file", source);
        if (against != null) files.inputIfFile("--against", against);
        reports.declare(files.add("--save-plan", savePlan));

        long t0 = System.nanoTime();
        List<Transition> transitions = pairs.stream()
                .map(p -> new Transition(p[0].name() + " -> " + p[1].name(), p[0].entry(), p[1].entry())).toList();
        Map<List<Entry>, Plan> builtInPlans = new LinkedHashMap<>(); // made first: a plan file's error costs no compile
        if (builtIn != null) {
            for (Transition t : transitions) builtInPlans.put(List.of(t.current(), t.target()), builtIn.plan(f, t.current(), t.target()));
        }
        CCompiler cc;
        try {
            cc = CCompiler.find(Environment.of(spec));
        } catch (CWriterException e) {
            throw new BadInput(e.getMessage());
        }
        CWriter.Result result;
        String label;
        List<String> notes;
        // the old tree is taken and recorded beside the new one (two compiles on two cores); its error, if any, counts
        // only when the new tree has none, and it has finished (its folder removed) before this command ends
        java.util.concurrent.CompletableFuture<AgainstTree> oldTree = againstTree == null ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try (Writer w = writer(oldDrv, againstTree, null, dirs)) {
                        return new AgainstTree(againstTree, w.label(), record(cc, w, transitions).recordings());
                    }
                }, r -> Thread.ofPlatform().daemon().start(r));
        try (Writer w = writer(drv, kernelTree, source, dirs)) {
            result = record(cc, w, transitions);
            label = w.label();
            notes = w.notes();
        } catch (RuntimeException e) {
            if (oldTree != null) oldTree.exceptionally(x -> null).join();
            throw e;
        }
        List<Recording> recordings = result.recordings();
        AgainstTree old = null;
        if (oldTree != null) {
            try {
                old = oldTree.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            }
        }
        String name = drv != null ? drv.name() : source.getFileName().toString();
        RecordedOrdering recorded = new RecordedOrdering(name, f, recordings,
                (cur, tgt) -> builtIn == null ? Claim.UNCLAIMED : builtInPlans.get(List.of(cur, tgt)).claim());
        List<Matrix.Cell> cells = new ArrayList<>();
        List<PlanDifference> diffs = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            NamedConfig a = pairs.get(i)[0], b = pairs.get(i)[1];
            Plan plan = recorded.plan(f, a.entry(), b.entry());
            cells.addAll(Matrix.cells(plan, a, b, recorded, presets, visibilities, require, false));
            if (builtIn != null) diffs.add(PlanDifference.of(a, b, plan, builtInPlans.get(List.of(a.entry(), b.entry())), builtIn.name()));
        }
        AgainstTree.Comparison comparison = old == null ? null : old.compare(f, pairs, recorded, presets, require);
        long t1 = System.nanoTime();

        Map<String, Object> extra = extra(recordings, diffs);
        if (comparison != null) extra.put("againstTree", comparison.json());
        Map<String, String> extraCases = new LinkedHashMap<>();
        for (PlanDifference d : diffs) {
            extraCases.put("against " + builtIn.name() + " " + d.transition(), d.step() == 0 ? null
                    : "differs from " + builtIn.name() + " at step " + d.step() + ": recorded " + d.recorded().strip()
                    + " | " + builtIn.name() + " " + d.builtIn().strip());
        }
        if (comparison != null) extraCases.putAll(comparison.junitCases());
        boolean differs = diffs.stream().anyMatch(d -> d.step() != 0);
        boolean worse = comparison != null && comparison.worse();
        String command = "hitless c-check " + (drv != null ? "--kernel-tree " + kernelTree + " --driver " + drv.name() : file);
        Map<String, java.util.function.Supplier<String>> texts = ReportOptions.texts(() -> MatrixReport.json(cells, require, extra),
                () -> MatrixReport.junit(cells, (t1 - t0) / 1e9, extraCases), () -> MatrixReport.html(command, cells,
                        List.of(f), require, differs ? "the recorded plans differ from " + builtIn.name() + "'s"
                                : worse ? "a verdict got worse against " + againstTree : null));
        texts.put("--save-plan", () -> recordedPlanFile(f, name, pairs, recorded));
        PrintWriter out = spec.commandLine().getOut();
        files.publish(out, texts, () -> {
            if (drv != null) {
                out.printf("%s: the driver's writer recorded on %d transition%s%n", label, transitions.size(), transitions.size() == 1 ? "" : "s");
            } else {
                out.printf("%s: the C writer %s recorded on %d transition%s%n", source, entry, transitions.size(),
                        transitions.size() == 1 ? "" : "s");
            }
            for (String n : notes) out.println(n);
            for (String n : reach) out.println(n);
            out.print(warnings(result.warnings()));
            out.print(notes(recordings));
            if (from != null) out.print(details(cells));
            out.print(MatrixReport.text(cells, List.of(f), List.of(recorded), presets, visibilities, require, all,
                    command + (drv != null ? "" : " --format F") + " --from A --to B --reader R"
                            + (visibility == null ? "" : " --visibility " + visibilities.get(0).label()) + (against == null ? "" : " --against " + against)
                            + (entry.equals(CWriter.Options.DEFAULT_ENTRY) ? "" : " --entry " + entry)));
            if (builtIn != null) out.print(againstText(diffs, builtIn.name(), recorded.name()));
            if (comparison != null) out.print(comparison.text(all));
        });
        return cells.stream().anyMatch(Matrix.Cell::unexpectedFailure) || differs || worse ? Main.VIOLATED : Main.OK;
    }

    /**
     * The transitions a driver's writer can make (both ends entries it can write, {@link Driver#writes}), with a note
     * for the report in {@code notes}; all of them for a C file or a driver that writes every entry. {@code oldTree}:
     * the --against-tree folder when {@code drv} is the driver as that tree has it, else null.
     */
    private List<NamedConfig[]> writable(Driver drv, String oldTree, List<NamedConfig[]> pairs, List<String> notes) {
        if (drv == null || drv.writesNote() == null) return pairs;
        String of = oldTree == null ? "" : " of " + oldTree;
        if (from != null && !(drv.canWrite(pairs.get(0)[0].entry()) && drv.canWrite(pairs.get(0)[1].entry()))) {
            throw new BadInput("--from " + from + " --to " + to + ": the " + drv.name() + " writer" + of + " cannot make this transition: " + drv.writesNote());
        }
        List<NamedConfig[]> can = pairs.stream().filter(p -> drv.canWrite(p[0].entry()) && drv.canWrite(p[1].entry())).toList();
        if (from == null) {
            notes.add("checked: the " + can.size() + " of " + pairs.size() + " catalogue transitions "
                    + (oldTree == null ? "the driver's writer" : "the writer" + of) + " can make; " + drv.writesNote());
        }
        return can;
    }

    /** Checks how FILE, --kernel-tree, --driver, --against-tree, --format and --entry go together; the driver or null. */
    private Driver treeOptions() {
        if (kernelTree == null) {
            if (driver != null) throw new BadInput("--driver needs --kernel-tree DIR");
            if (againstTree != null) throw new BadInput("--against-tree needs --kernel-tree DIR and --driver NAME");
            if (file == null) throw new BadInput("FILE: expected a C file, or --kernel-tree DIR --driver NAME");
            if (format == null) throw new BadInput("--format: expected a format for the C file: " + Formats.NAMES);
            return null;
        }
        if (file != null) throw new BadInput("FILE and --kernel-tree: expected one of them, found both ('" + file + "')");
        if (driver == null) throw new BadInput("--kernel-tree needs --driver NAME: " + Driver.NAMES);
        Driver d;
        try {
            d = Driver.named(driver);
        } catch (KernelTreeException e) {
            throw new BadInput(e.getMessage());
        }
        if (format != null && !format.equals(d.format())) {
            throw new BadInput("--format " + format + ": the driver " + d.name() + " writes " + d.format() + "; leave --format out");
        }
        if (!entry.equals(CWriter.Options.DEFAULT_ENTRY)) {
            throw new BadInput("--entry: with --kernel-tree hitless writes the entry point itself; leave --entry out");
        }
        return d;
    }

    /** The writer: the C file as given, or the driver's taken from {@code tree} (to be closed, which removes its folder). */
    private Writer writer(Driver drv, String tree, Path source, List<Path> dirs) {
        if (drv == null) return new Writer(source.toString(), source, dirs, defines, entry, List.of(), null);
        KernelTree.Prepared p;
        try {
            p = KernelTree.prepare(tree, drv, defines, tempRoot(), Environment.of(spec));
        } catch (KernelTreeException e) {
            throw new BadInput(e.getMessage());
        }
        List<Path> all = new ArrayList<>(dirs);
        all.addAll(p.includeDirs());
        return new Writer(p.label(), p.source(), all, p.defines(), CWriter.Options.DEFAULT_ENTRY, p.notes(), p);
    }

    private CWriter.Result record(CCompiler cc, Writer w, List<Transition> transitions) {
        try {
            return CWriter.recordWithWarnings(cc, w.file(), transitions, w.options(timeLimitMs));
        } catch (CWriterException e) {
            throw new BadInput(e.getMessage(), e.details());
        }
    }

    /** The compiler's warnings of a compile that succeeded, each on a line of its own, or nothing. */
    private static String warnings(List<String> warnings) {
        if (warnings.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("compiler warnings (the writer compiled; each may matter):\n");
        for (String w : warnings) sb.append("  ").append(w).append('\n');
        return sb.toString();
    }

    /**
     * The recorded plans as a plan file ({@link RecordedPlans}): named {@code c-} and the C file's base name, with the
     * recorded ordering's quantum (128 when the writer stored 128-bit chunks, else 64).
     */
    private String recordedPlanFile(EntryFormat f, String source, List<NamedConfig[]> pairs, RecordedOrdering recorded) {
        List<Plan> plans = pairs.stream().map(p -> recorded.plan(f, p[0].entry(), p[1].entry())).toList();
        String base = source.replaceFirst("\\.[^.]*$", "").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return RecordedPlans.write("c-" + (base.isEmpty() ? "writer" : base),
                "recorded from " + (kernelTree != null ? driver + " in " + kernelTree : file + " (" + entry + ")") + " by hitless c-check", recorded.quantumBits(), plans);
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

    private String againstText(List<PlanDifference> diffs, String name, String recordedName) {
        StringBuilder sb = new StringBuilder();
        List<PlanDifference> bad = diffs.stream().filter(d -> d.step() != 0).toList();
        sb.append("\nagainst ").append(name).append(": ");
        if (bad.isEmpty()) {
            sb.append("OK, ").append(diffs.size()).append(" of ").append(diffs.size())
                    .append(" recorded plans are step for step ").append(name).append("'s\n");
            return sb.toString();
        }
        sb.append("FAIL, ").append(bad.size()).append(" of ").append(diffs.size()).append(" recorded plans differ; the first differing step:\n");
        int w = Math.max(recordedName.length(), name.length());
        int shown = 0;
        for (PlanDifference d : bad) {
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

    private static Map<String, Object> extra(List<Recording> recordings, List<PlanDifference> diffs) {
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
            for (PlanDifference d : diffs) {
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
