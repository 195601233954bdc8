package dev.hitless.stress.gate;

import dev.hitless.stress.MustObserve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The stress gate: runs one suite of jcstress tests from this jar in a child JVM (the same JDK 25 that runs the
 * gate), parses what jcstress wrote, prints a table and writes {@code summary.json} and {@code summary.txt} next to
 * jcstress's HTML report.
 *
 * <pre>
 *   Gate run --suite ci|showcase|generated|all [--mode sanity|quick|default|tough|stress] [--filter REGEX]
 *            [--out DIR] [-- JCSTRESS_ARGS...]
 *   Gate list --suite SUITE [--filter REGEX] [--shard I/N]
 *   Gate merge --out DIR SHARD_DIR...
 * </pre>
 *
 * With {@code --shard I/N} a run races only shard I of N of the planned tests ({@link Shard}) and records the shard
 * and the whole plan's {@link SuiteVersion} in its {@code summary.json}; {@code merge} puts N such directories back
 * together into one summary and one HTML report ({@link ShardMerge}).
 *
 * The run fails (exit 1) when jcstress exits non-zero, prints FATAL, reports fewer passed than planned, any planned
 * test has no samples, any test is graded failed (a FORBIDDEN outcome: outside the checker's set), or a test marked
 * {@link MustObserve} or {@link dev.hitless.stress.MustObserveTag} saw no outcome of its verdict (TORN, UNINIT, STALE). Exit 0
 * when none of these hold, 2 on bad input (arguments, no
 * matching test, unreadable results).
 *
 * <p>Each job has its class: {@link GateOptions} (the command line), {@link SuitePlan} (which tests),
 * {@link JcstressLaunch} (the child JVM), {@link JcstressLog} (the run-level checks on its console output),
 * {@link JcstressResults} and {@link ConfigResult} (its result files), {@link Grades} with {@link MustDetect} (the
 * verdict), {@link SummaryText} and {@link SummaryJson} (the summaries; jcstress writes the HTML report itself).
 */
public final class Gate {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private Gate() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (BadInput e) {
            System.err.println("stress gate: " + e.getMessage());
            code = BAD_INPUT;
        } catch (IOException | UncheckedIOException | InterruptedException e) {
            System.err.println("stress gate: " + e);
            code = BAD_INPUT;
        }
        System.exit(code);
    }

    static int run(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("merge")) return ShardMerge.run(args);
        GateOptions o = GateOptions.parse(args);
        List<String> suite = SuitePlan.tests(o.suite(), o.filter());
        if (suite.isEmpty()) throw new BadInput("no test in suite '" + o.suite() + "' matches " + o.filter());
        List<String> planned = o.shard() == null ? suite : o.shard().select(suite);
        return switch (o.command()) {
            case "list" -> {
                planned.forEach(System.out::println);
                System.out.println(planned.size() + " tests");
                yield OK;
            }
            case "run" -> {
                String label = o.shard() == null ? o.suite() : o.suite() + ", shard " + o.shard() + " of " + suite.size() + " tests";
                JcstressLaunch.Run run = JcstressLaunch.run(label, o.mode(), planned, o.outDir(), o.extra());
                SummaryJson.ShardOf shard = o.shard() == null ? null
                        : new SummaryJson.ShardOf(o.shard().index(), o.shard().count(), suite.size());
                yield judge(o.suite(), o.mode(), planned, o.outDir(), run,
                        shard == null ? null : SuiteVersion.of(suite), shard);
            }
            default -> throw new BadInput("unknown command '" + o.command() + "'\n" + GateOptions.usage());
        };
    }

    /** Grades a finished jcstress run in {@code out}, prints and writes the summaries; returns the exit code. */
    static int judge(String suite, String mode, List<String> planned, Path out, JcstressLaunch.Run run)
            throws IOException {
        return judge(suite, mode, planned, out, run, null, null);
    }

    /** As above, for shard {@code shard} (null: unsharded) of a suite of version {@code suiteVersion}. */
    static int judge(String suite, String mode, List<String> planned, Path out, JcstressLaunch.Run run,
                     String suiteVersion, SummaryJson.ShardOf shard) throws IOException {
        JcstressLog log = JcstressLog.parse(run.log());
        List<ConfigResult> results = JcstressResults.read(out).stream().map(ConfigResult::of).toList();
        Grades.Verdict verdict = Grades.judge(planned, log.problems(run.exitCode()), results, MustDetect::required);
        String table = SummaryText.render(shard == null ? suite : suite + ", shard " + shard.index() + "/" + shard.count(),
                mode, verdict, run.seconds());
        System.out.print(table);
        Files.writeString(out.resolve("summary.txt"), table);
        SummaryJson.of(suite, mode, run.seconds(), run.exitCode(), log, verdict, out.resolve("results").resolve("index.html"),
                suiteVersion, shard).write(out.resolve("summary.json"));
        return verdict.passed() ? OK : FAILED;
    }
}
