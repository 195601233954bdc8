package dev.hitless.cli;

import dev.hitless.check.Checker;
import dev.hitless.check.Mutants;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.litmus.Agreement;
import dev.hitless.litmus.Expressible;
import dev.hitless.litmus.Herd7;
import dev.hitless.litmus.Litmus;
import dev.hitless.litmus.LitmusTest;
import dev.hitless.litmus.Outcome;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import dev.hitless.ordering.Orderings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "litmus", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a plan as herd7 litmus tests, one per window between entry syncs: AArch64 (aarch64.cat) under",
                "barrier-ordered visibility, X86_64 (x86tso-mixed.cat) under in-order. With --herd7, run herd7 on them and",
                "compare the final states it allows with the fetches the checker allows, window by window.",
                "What herd7 cannot state is rewritten first and said in each test (reads and stores wider than 64 bits,",
                "smp_wmb for a device, plain stores); a sticky reader or a 32-bit store cannot be stated at all."},
        footer = {"", "Examples:",
                "  hitless litmus --format smmu-ste --from s2-vmid1 --to s2-vmid1-ttb-b --ordering used-bits-64-no-wmb",
                "  hitless litmus --format smmu-ste --from s2-vmid1 --to s2-vmid1-ttb-b --ordering used-bits-64 -o litmus/",
                "  hitless litmus --format smmu-ste --from s2-vmid1 --to s2-vmid1-ttb-b --ordering used-bits-64-no-wmb --herd7",
                "  hitless litmus --matrix --format all --herd7 --mutants --time",
                "  hitless litmus --matrix --format vtd-pasid -o litmus/",
                "", "herd7: " + Herd7.HOW_TO_GET + ".",
                "", "Exit codes: 0 written (and with --herd7: every window agrees), 1 a window disagrees, 2 bad input or no herd7."})
final class LitmusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F", description = Formats.NAMES + "; with --matrix also all")
    String format;

    @Option(names = "--from", paramLabel = "SPEC", description = "the live entry (not with --matrix)")
    String from;

    @Option(names = "--to", paramLabel = "SPEC", description = "the target entry (not with --matrix)")
    String to;

    @Option(names = "--ordering", paramLabel = "NAME|FILE",
            description = "built-in ordering or plan file; with --matrix, only this ordering (default: every one that applies)")
    String ordering;

    @Mixin
    ReaderOptions readerOptions;

    @Option(names = "--matrix", description = "every catalogue transition, every ordering that applies, readers strict and"
            + " ascending (or --reader's), both visibilities (or --visibility's)")
    boolean matrix;

    @Option(names = "--mutants", description = "with --matrix: also every mutant of each plan (as 'hitless mutants' makes them)")
    boolean mutants;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "write the tests into DIR (created if missing), one file per test; with --matrix one per distinct"
                    + " test and index.txt naming the windows each stands for (default: print them)")
    String out;

    @Option(names = "--herd7", description = "run herd7 on the tests and compare with the checker (herd7 from HERD7 or PATH)")
    boolean herd7;

    @Option(names = "--time", description = "with --herd7: herd7's time and the checker's on the same windows, side by side")
    boolean time;

    @Override
    public Integer call() throws Exception {
        if (matrix && (from != null || to != null)) throw new BadInput("--matrix runs the catalogue's transitions: drop --from and --to");
        if (!matrix && (from == null || to == null || ordering == null)) {
            throw new BadInput("give --from, --to and --ordering (or --matrix for the whole catalogue)");
        }
        if (mutants && !matrix) throw new BadInput("--mutants goes with --matrix");
        if (time && !herd7) throw new BadInput("--time compares herd7 with the checker: add --herd7");
        if (!matrix && "all".equals(format)) throw new BadInput("--format all goes with --matrix");
        List<EntryFormat> formats = matrix ? Inputs.formats(format) : List.of(Inputs.format(format));
        Path dir = out == null ? null : outDir();
        Herd7 h = null;
        if (herd7) {
            h = Herd7.find(Environment.of(spec))
                    .orElseThrow(() -> new BadInput("--herd7: no herd7 found; " + Herd7.HOW_TO_GET));
        }
        ReportFiles files = new ReportFiles();
        if (ordering != null) files.inputIfFile("plan", ordering);

        List<Litmus.Export> exports = new ArrayList<>();
        List<String> notExpressible = new ArrayList<>();
        if (!matrix) {
            EntryFormat f = formats.get(0);
            Ordering o = Inputs.ordering(ordering, f);
            Plan p = o.plan(f, Inputs.config(f, "--from", from), Inputs.config(f, "--to", to));
            ReaderModel m = readerOptions.model(f);
            try {
                exports.add(Litmus.of(p, m, Litmus.sanitise(f.name() + "+" + from + "+" + to + "+" + o.name())));
            } catch (Expressible.NotExpressible e) {
                throw new BadInput("herd7 cannot state this: " + e.getMessage());
            }
        } else {
            boolean readerGiven = spec.commandLine().getParseResult().hasMatchedOption("--reader");
            List<String> presets = readerGiven ? List.of(readerOptions.reader) : List.of("strict", "ascending");
            List<Visibility> vs = Inputs.visibilities(readerOptions.visibility);
            Litmus.Batch batch = Litmus.catalogue(formats,
                    f -> ordering != null ? List.of(Inputs.ordering(ordering, f)) : Orderings.builtInsFor(f),
                    f -> {
                        Map<String, ReaderModel> rs = new LinkedHashMap<>();
                        for (String preset : presets) {
                            for (Visibility v : vs) rs.put(preset + "+" + v.label(), readerOptions.override(f, Inputs.preset(preset, f).withVisibility(v)));
                        }
                        return rs;
                    }, mutants);
            exports.addAll(batch.exports());
            notExpressible.addAll(batch.notExpressible());
            if (exports.isEmpty() && !notExpressible.isEmpty()) {
                throw new BadInput("herd7 cannot state any of these plans, e.g. " + notExpressible.get(0));
            }
        }
        long checkerTime = 0;
        if (time) {
            // the checker on the same plans and readers the tests state
            for (Litmus.Export x : exports) {
                long t0 = System.nanoTime();
                Checker.check(x.plan(), x.model());
                checkerTime += System.nanoTime() - t0;
            }
        }

        Agreement.Report report = null;
        if (h != null) {
            Path work = Files.createTempDirectory("hitless-litmus");
            try {
                report = Agreement.run(h, exports, work, 3600);
            } catch (Herd7.Herd7Exception e) {
                throw new BadInput("--herd7: " + e.getMessage());
            } finally {
                Files.deleteIfExists(work);
            }
        }

        Map<String, Supplier<String>> texts = new LinkedHashMap<>();
        if (out != null) {
            Map<String, String> byBody = new LinkedHashMap<>(); // arch + body -> file name
            StringBuilder index = new StringBuilder();
            for (Litmus.Export x : exports) {
                for (LitmusTest t : x.tests()) {
                    String file = matrix ? byBody.computeIfAbsent(t.arch() + "\n" + t.body(), k -> {
                        String n = t.fileName();
                        files.add("-o " + n, dir.resolve(n).toString());
                        texts.put("-o " + n, t::text);
                        return n;
                    }) : t.fileName();
                    if (!matrix) {
                        files.add("-o " + file, dir.resolve(file).toString());
                        texts.put("-o " + file, t::text);
                    }
                    index.append(t.name()).append(' ').append(file).append('\n');
                }
            }
            if (matrix) {
                files.add("-o index.txt", dir.resolve("index.txt").toString());
                String idx = index.toString();
                texts.put("-o index.txt", () -> idx);
            }
        }
        Agreement.Report r = report;
        PrintWriter pw = spec.commandLine().getOut();
        long checkerNanos = checkerTime;
        files.publish(pw, texts, () -> print(pw, exports, notExpressible, r, checkerNanos));
        return r != null && !r.disagreements().isEmpty() ? Main.VIOLATED : Main.OK;
    }

    /** The folder {@code -o} names; a {@link BadInput} for a blank name, an impossible one, or an existing non-folder. */
    private Path outDir() {
        if (out.isBlank()) throw new BadInput("-o: expected a folder name, got '" + out + "'");
        Path dir;
        try {
            dir = Path.of(out);
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadInput("-o: '" + out.replace("\0", "\\0") + "' cannot be a folder name: " + e.getReason());
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new BadInput("-o: " + out + " exists and is not a folder");
        return dir;
    }

    private void print(PrintWriter pw, List<Litmus.Export> exports, List<String> notExpressible, Agreement.Report r, long checkerNanos) {
        int tests = exports.stream().mapToInt(x -> x.tests().size()).sum();
        if (r == null && out == null && !matrix) {
            boolean first = true;
            for (Litmus.Export x : exports) {
                for (LitmusTest t : x.tests()) {
                    if (!first) pw.println();
                    pw.print(t.text());
                    first = false;
                }
                for (int w : x.quietWindows()) pw.println("(* window " + w + " changes nothing: no store races the fetch, no test *)");
            }
            return;
        }
        if (out != null) pw.println("wrote " + tests + " litmus tests" + (matrix ? " (" + distinct(exports) + " distinct files and index.txt)" : "") + " to " + out);
        if (matrix) {
            pw.println(exports.size() + " plans x readers x visibilities, " + tests + " windows with stores"
                    + (notExpressible.isEmpty() ? "" : "; " + notExpressible.size() + " not expressible in herd7, e.g. " + notExpressible.get(0)));
        }
        if (r == null) return;
        if (!matrix) {
            for (Agreement.Window w : r.windows()) {
                pw.printf(Locale.ROOT, "window %d  %-7s %4d fetches  %s  (herd7 %.2f s)%n", w.test().window(), w.test().arch(),
                        w.test().expected().size(), w.agrees() ? "herd7 agrees" : "DISAGREES", w.herdSeconds());
            }
        }
        Map<Expressible.Difference, Integer> byDiff = new EnumMap<>(Expressible.Difference.class);
        int exact = 0;
        for (Agreement.Window w : r.windows()) {
            if (w.export().twin().differences().isEmpty()) exact++;
            for (Expressible.Difference d : w.export().twin().differences()) byDiff.merge(d, 1, Integer::sum);
        }
        pw.printf(Locale.ROOT, "herd7 agreement: %d of %d windows agree (%d herd7 tests run); %d stated exactly%s%n",
                r.windows().size() - r.disagreements().size(), r.windows().size(), r.distinctTests(), exact,
                exact == r.windows().size() ? "" : ", " + (r.windows().size() - exact) + " through a documented difference:");
        for (var e : byDiff.entrySet()) pw.printf(Locale.ROOT, "  %-13s %6d windows  %s%n", e.getKey().label(), e.getValue(), e.getKey().text());
        int shown = 0;
        for (Agreement.Window w : r.disagreements()) {
            if (shown++ == 10) {
                pw.println("  ... " + (r.disagreements().size() - 10) + " more");
                break;
            }
            Plan p = w.export().plan();
            Oracle oracle = new Oracle(p.format(), p.current(), p.target());
            pw.println("DISAGREES " + w.test().name() + " (" + w.export().model().label() + ")");
            for (Outcome o : w.missing()) pw.println("    checker only: " + describe(o, oracle));
            for (Outcome o : w.extra()) pw.println("    herd7 only:   " + describe(o, oracle));
        }
        if (time) {
            double checker = checkerNanos / 1e9;
            pw.printf(Locale.ROOT, "time: herd7 %.2f s (its own per-test times, %d tests; %.2f s wall with process starts);"
                            + " checker %.3f s (Checker.check on the same %d plans and readers); herd7/checker %.0fx%n",
                    r.herdSeconds(), r.distinctTests(), r.herdWallNanos() / 1e9, checker, exports.size(),
                    checker > 0 ? r.herdSeconds() / checker : Double.NaN);
            // per herd7 test (each distinct window once): the median and the slowest, against the checker per plan
            Map<String, Double> perTest = new LinkedHashMap<>();
            Map<String, String> example = new LinkedHashMap<>();
            for (Agreement.Window w : r.windows()) {
                String key = w.test().arch() + "\n" + w.test().body();
                perTest.putIfAbsent(key, w.herdSeconds());
                example.putIfAbsent(key, w.test().name());
            }
            List<Map.Entry<String, Double>> sorted = perTest.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
            if (!sorted.isEmpty()) {
                Map.Entry<String, Double> slowest = sorted.get(sorted.size() - 1);
                pw.printf(Locale.ROOT, "per window: herd7 median %.3f s, slowest %.2f s (%s); checker %.3f ms per plan and reader%n",
                        sorted.get(sorted.size() / 2).getValue(), slowest.getValue(), example.get(slowest.getKey()),
                        checker * 1e3 / Math.max(1, exports.size()));
            }
        }
    }

    private static int distinct(List<Litmus.Export> exports) {
        return (int) exports.stream().flatMap(x -> x.tests().stream()).map(t -> t.arch() + "\n" + t.body()).distinct().count();
    }

    private static String describe(Outcome o, Oracle oracle) {
        StringBuilder sb = new StringBuilder(o.observation(oracle, 64).key()).append(" tables ")
                .append(o.tables().name().toLowerCase(Locale.ROOT).replace('_', '-')).append(':');
        for (int q = 0; q < o.entry().qwords(); q++) sb.append(String.format(Locale.ROOT, " %016x", o.entry().qword(q)));
        return sb.toString();
    }
}
