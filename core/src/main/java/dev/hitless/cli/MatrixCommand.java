package dev.hitless.cli;

import dev.hitless.matrix.Matrix;
import dev.hitless.check.Requirement;
import dev.hitless.format.Formats;
import dev.hitless.format.EntryFormat;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import dev.hitless.attach.AttachSequence;
import dev.hitless.planlang.AttachFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check every ordered pair of a format's catalogue configurations under every",
                "ordering, visibility (in-order and barrier-ordered; the format's own is marked)",
                "and reader preset. By default each plan must meet its own claim: a plan that",
                "claims hitless must be HITLESS, a breaking or unclaimed one must be SAFE.",
                "struct-copy and used-bits-128-draft are known-bad: their failures are reported",
                "as expected and do not fail the run (--no-xfail makes them count). Every ordering runs",
                "in an attach sequence (--attach; default vtd-corrected, riscv-iodir on RISC-V): a cell also",
                "fails when the cache-tag model finds STALE or LEAK; known-bad sequences are expected to."},
        footer = {"", "Examples:",
                "  hitless matrix --format vtd-pasid",
                "  hitless matrix --format all --ordering used-bits-64 --ordering used-bits-128 --junit-xml target/matrix.xml",
                "  hitless matrix --format smmu-ste --reader strict --require hitless --json matrix.json",
                "  hitless matrix --format vtd-pasid --visibility barrier-ordered   (VT-d's orderings as if on ARM)",
                "  hitless matrix --format all --html matrix.html   (one self-contained page: click a cell for its counterexample)",
                "  hitless matrix --format all --time          (measure: prints the run time on stderr)",
                "  hitless matrix --format vtd-pasid --ordering used-bits-128 --attach all   (which attach sequences fail, and why)",
                "", "Reports (--json FILE, --junit-xml FILE, --html FILE; - for stdout) are written whole or not at all, also when the",
                "exit code is 1; a run that fails with exit code 2 leaves files (and folders) of those names as they were.",
                "", "Exit codes: 0 every cell met its requirement (expected failures aside), 1 some cell did not, 2 bad input."})
final class MatrixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "F|all", defaultValue = "all",
            description = Formats.NAMES + " or all (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--ordering", paramLabel = "NAME", description = "an ordering to include (repeatable; default: every built-in)")
    List<String> orderings = new ArrayList<>();

    @Option(names = "--reader", paramLabel = "PRESET", description = "a reader preset to include (repeatable; default: strict, ascending, sticky)")
    List<String> readers = new ArrayList<>();

    @Option(names = "--visibility", paramLabel = "V",
            description = "only in-order or only barrier-ordered (default: both; the format's own is marked in the table)")
    String visibility;

    @Option(names = "--attach", paramLabel = "NAME|FILE|all",
            description = "an attach sequence every ordering runs in (repeatable; all = every built-in; default:"
                    + " vtd-corrected, which covers both domains during the switch; riscv-iodir on the RISC-V formats)")
    List<String> attaches = new ArrayList<>();

    @Option(names = "--ats", paramLabel = "on|off", defaultValue = "on",
            description = "whether the device also caches translations in a device TLB (default: ${DEFAULT-VALUE})")
    String ats;

    @Option(names = "--require", paramLabel = "REQ",
            description = "hitless or safe for every cell (default: each plan's own claim)")
    Requirement require;

    @Option(names = "--no-xfail", description = "count failures of the known-bad orderings too")
    boolean noXfail;

    @Option(names = "--all", description = "list every failing transition, also of known-bad orderings")
    boolean all;

    @Mixin
    ReportOptions reports;

    @Option(names = "--time", description = "print the matrix's run time and the time since JVM start on stderr")
    boolean time;

    @Override
    public Integer call() {
        List<EntryFormat> formats = Inputs.formats(format);
        List<Ordering> os = orderings.isEmpty() ? Orderings.builtIns() : orderings.stream().map(n -> Inputs.applying(Inputs.ordering(n), formats)).toList();
        List<String> presets = readers.isEmpty() ? null : readers; // null: each format's own (ReaderModel.presets)
        if (presets != null) for (String p : presets) Inputs.preset(p, formats.get(0));
        List<Visibility> visibilities = Inputs.visibilities(visibility);
        List<AttachSequence> seqs = new ArrayList<>();
        for (String a : attaches) {
            if (a.equals("all")) AttachFile.builtIns().forEach(x -> { if (!seqs.contains(x)) seqs.add(x); });
            else if (!seqs.contains(Inputs.attach(a))) seqs.add(Inputs.attach(a));
        }
        Matrix.Attach attach = new Matrix.Attach(f -> seqs.isEmpty() ? List.of(AttachFile.defaultSequence(f)) : seqs, Inputs.ats(ats));
        ReportFiles files = new ReportFiles();
        for (String o : orderings) files.inputIfFile("--ordering", o);
        for (String a : attaches) files.inputIfFile("--attach", a);
        reports.declare(files);
        LongAdder skipped = new LongAdder();
        long t0 = System.nanoTime();
        List<Matrix.Cell> cells = Matrix.run(formats, os, presets, visibilities, require, !noXfail, orderings.isEmpty(), attach, skipped);
        long t1 = System.nanoTime();
        // the reports are written only when stdout is: a run that cannot write one of them prints no result
        PrintWriter out = spec.commandLine().getOut();
        files.publish(out, ReportOptions.texts(() -> MatrixReport.json(cells, require), () -> MatrixReport.junit(cells, (t1 - t0) / 1e9),
                () -> MatrixReport.html("hitless matrix --format " + format, cells, formats, require)), () -> {
            out.print(MatrixReport.text(cells, formats, os, presets, visibilities, require, all));
            if (skipped.sum() > 0) {
                out.println("skipped " + skipped.sum() + " cells: the attach sequence moves the entry to a temporary tag, and the"
                        + " entry carries no tag field to rewrite (e.g. a stage-1 STE, whose ASID sits in the CD)");
            }
        });
        if (time) {
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            spec.commandLine().getErr().printf("hitless: matrix of %d cells checked in %d ms; %d ms since JVM start%n",
                    cells.size(), (t1 - t0) / 1_000_000, uptime);
        }
        return cells.stream().anyMatch(Matrix.Cell::unexpectedFailure) ? Main.VIOLATED : Main.OK;
    }
}
