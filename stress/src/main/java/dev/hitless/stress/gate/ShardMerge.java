package dev.hitless.stress.gate;

import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.HTMLReportPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code Gate merge --out DIR SHARD_DIR...}: puts the output directories of the N shards of one suite run
 * ({@code --shard I/N}, {@link Shard}) back together: one {@code summary.json} and {@code summary.txt} in the
 * format of an unsharded run (every test, in plan order; each shard's run-level problems prefixed with its shard),
 * plus the list of merged shards, and one jcstress HTML report ({@code results/index.html}) drawn by jcstress's own
 * {@link HTMLReportPrinter} from every shard's binary results.
 *
 * <p>It refuses, with one line and exit 2, to merge what is not one whole suite run: a directory without a shard's
 * {@code summary.json} or without jcstress's results, shards of different suites ({@link SuiteVersion}), modes or
 * shard counts, a shard given twice, a missing shard, or a test in two shards. Otherwise it exits 0 when every shard
 * passed and 1 when any failed, like the gate. Everything is read and checked before anything is written;
 * {@code summary.json}, written last and whole, is the sign of a finished merge.
 */
final class ShardMerge {
    private ShardMerge() {
    }

    /** A shard's directory and what it wrote. */
    record Read(Path dir, SummaryJson summary) {
        String shard() {
            return summary.shard().index() + "/" + summary.shard().count();
        }
    }

    static int run(String[] args) throws IOException {
        Path out = null;
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--out")) {
                if (++i >= args.length) throw new BadInput("--out needs a value");
                out = Path.of(args[i]);
            } else if (args[i].startsWith("-")) {
                throw new BadInput("unknown argument '" + args[i] + "': usage: Gate merge --out DIR SHARD_DIR...");
            } else {
                dirs.add(Path.of(args[i]));
            }
        }
        if (out == null || dirs.isEmpty()) throw new BadInput("usage: Gate merge --out DIR SHARD_DIR...");
        List<Read> shards = new ArrayList<>();
        for (Path d : dirs) shards.add(read(d));
        check(shards);
        shards.sort(Comparator.comparingInt(r -> r.summary().shard().index()));
        InProcessCollector results = new InProcessCollector();
        for (Read r : shards) {
            List<TestResult> rs = JcstressResults.read(r.dir());
            if (rs.isEmpty()) {
                throw new BadInput(r.dir() + " (shard " + r.shard() + ") holds no jcstress-results-*.bin.gz: "
                        + "merge the whole directory the shard wrote");
            }
            rs.forEach(results::add);
        }
        SummaryJson merged = merge(shards, out.resolve("results").resolve("index.html"));
        return write(merged, results, out);
    }

    private static Read read(Path dir) {
        Path f = dir.resolve("summary.json");
        if (!Files.isRegularFile(f)) throw new BadInput(dir + " has no summary.json: that shard did not finish, or this is not its directory");
        SummaryJson s;
        try {
            s = SummaryJson.read(f);
        } catch (IOException e) {
            throw new BadInput(f + " is not a stress gate summary: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (s.shard() == null || s.suiteVersion() == null) {
            throw new BadInput(f + " is not a shard's summary (it was not run with --shard I/N)");
        }
        return new Read(dir, s);
    }

    /** The rules of one whole suite run, each broken one a {@link BadInput}. */
    static void check(List<Read> shards) {
        Read first = shards.get(0);
        for (Read r : shards) {
            same(first, r, "suite", s -> s.suite());
            same(first, r, "suite version", SummaryJson::suiteVersion);
            same(first, r, "mode", SummaryJson::mode);
            same(first, r, "shard count", s -> s.shard().count());
            same(first, r, "suite size", s -> s.shard().suiteTests());
        }
        int count = first.summary().shard().count();
        Map<Integer, Read> byIndex = new TreeMap<>();
        for (Read r : shards) {
            Read twice = byIndex.putIfAbsent(r.summary().shard().index(), r);
            if (twice != null) throw new BadInput("shard " + r.shard() + " given twice: " + twice.dir() + " and " + r.dir());
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) if (!byIndex.containsKey(i)) missing.add(i + "/" + count);
        if (!missing.isEmpty()) {
            throw new BadInput((missing.size() == 1 ? "shard " + missing.get(0) + " is" : "shards " + String.join(", ", missing) + " are")
                    + " missing: merge all " + count + " shards of the run");
        }
        Map<String, Read> shardOf = new HashMap<>();
        int tests = 0;
        for (Read r : shards) {
            for (TestSummary t : r.summary().tests()) {
                Read other = shardOf.putIfAbsent(t.name(), r);
                if (other != null) {
                    throw new BadInput("test " + t.name() + " is in shard " + other.shard() + " and in shard " + r.shard());
                }
                tests++;
            }
        }
        if (tests != first.summary().shard().suiteTests()) {
            throw new BadInput("the shards hold " + tests + " tests, their suite " + first.summary().shard().suiteTests());
        }
    }

    private static void same(Read a, Read b, String what, Function<SummaryJson, Object> f) {
        Object x = f.apply(a.summary());
        Object y = f.apply(b.summary());
        if (!Objects.equals(x, y)) {
            throw new BadInput("cannot merge shards of different runs: " + a.dir() + " has " + what + " " + x + ", "
                    + b.dir() + " " + y);
        }
    }

    /** The merged summary of checked shards, in index order. */
    static SummaryJson merge(List<Read> shards, Path htmlReport) {
        SummaryJson first = shards.get(0).summary();
        List<TestSummary> tests = shards.stream().flatMap(r -> r.summary().tests().stream())
                .sorted(Comparator.comparing(TestSummary::name)).toList();
        List<String> problems = new ArrayList<>();
        List<SummaryJson.MergedShard> merged = new ArrayList<>();
        boolean passed = true;
        long seconds = 0;
        int exit = 0;
        int planned = 0;
        int passedRuns = 0;
        for (Read r : shards) {
            SummaryJson s = r.summary();
            for (String p : s.problems()) problems.add("shard " + r.shard() + ": " + p);
            passed &= s.passed();
            seconds += s.seconds();
            if (exit == 0) exit = s.jcstressExitCode();
            planned = planned < 0 || s.jcstressPlanned() < 0 ? -1 : planned + s.jcstressPlanned();
            passedRuns = passedRuns < 0 || s.jcstressPassed() < 0 ? -1 : passedRuns + s.jcstressPassed();
            merged.add(new SummaryJson.MergedShard(r.shard(), r.dir().toAbsolutePath().toString(), s.passed(),
                    s.tests().size(), s.seconds()));
        }
        passed &= tests.stream().allMatch(TestSummary::passed);
        return new SummaryJson(first.suite(), first.mode(), passed, seconds, exit, planned, passedRuns, List.copyOf(problems),
                htmlReport.toAbsolutePath().toString(), tests, first.suiteVersion(), null, List.copyOf(merged));
    }

    private static int write(SummaryJson merged, InProcessCollector results, Path out) throws IOException {
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("summary.json"));
        Files.deleteIfExists(out.resolve("summary.txt"));
        String dest = out.resolve("results").toAbsolutePath().toString();
        // The printer reads only the report's directory from its options; Options.parse() would first spend a
        // second measuring the CPUs (and say so on stdout) for nothing.
        Options o = new Options(new String[0]) {
            @Override
            public String getResultDest() {
                return dest;
            }
        };
        new HTMLReportPrinter(o, results, new PrintStream(OutputStream.nullOutputStream())).work();
        String label = merged.suite() + ", " + merged.shards().size() + " shards merged ("
                + merged.shards().stream().map(SummaryJson.MergedShard::shard).collect(Collectors.joining(", ")) + ")";
        String table = SummaryText.render(label, merged.mode(),
                new Grades.Verdict(merged.problems(), merged.tests(), merged.passed()), merged.seconds());
        System.out.print(table);
        Files.writeString(out.resolve("summary.txt"), table);
        merged.write(out.resolve("summary.json"));
        System.out.println("stress gate: merged summary " + out.resolve("summary.json") + ", report "
                + out.resolve("results").resolve("index.html"));
        return merged.passed() ? Gate.OK : Gate.FAILED;
    }
}
