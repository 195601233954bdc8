package dev.hitless.bench.report;

import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.file.Path;

/**
 * A real, very short JMH run of all four benchmarks in this JVM (no fork, no warm-up, one 50 ms measurement per
 * benchmark, two transitions, two orderings, sync 0, ascending chunks, four MachineryBench methods, two attach
 * sequences): 32 benchmark runs in a few seconds. Its JSON has the shape, parameter names and counters of a real run, which a hand-written
 * file cannot promise; its numbers mean nothing and no test reads them as timings.
 */
final class RealJmhRun {
    private RealJmhRun() {
    }

    /**
     * The same kind of run for the AMD-Vi DTE (about 2 s): ReplaceBench and ReplaceUnderFetchBench on a DTE and a VT-d
     * transition, crossed with update_dte256 and teardown, so one combination of each benchmark (update_dte256 on the
     * VT-d entry) is skipped.
     */
    static Path runDte(Path json) throws RunnerException {
        return run(json, new OptionsBuilder()
                .include("dev\\.hitless\\.bench\\.ReplaceBench\\.")
                .include("dev\\.hitless\\.bench\\.ReplaceUnderFetchBench\\.")
                .param("transition", "vtd-fl-samedid", "dte-gpt-level")
                .param("ordering", "amd-update-dte256", "clear-then-update"));
    }

    static Path run(Path json) throws RunnerException {
        return run(json, new OptionsBuilder()
                .include("dev\\.hitless\\.bench\\.ReplaceBench\\.")
                .include("dev\\.hitless\\.bench\\.ReplaceUnderFetchBench\\.")
                .include("dev\\.hitless\\.bench\\.AttachBench\\.")
                .include("dev\\.hitless\\.bench\\.MachineryBench\\.(writeQword|longArrayStore|fetchEntry64|longArrayReadEntry)$")
                .param("transition", "vtd-fl-samedid", "ste-s1-s2")
                .param("ordering", "used-bits-64", "clear-then-update")
                .param("attach", "entry-only", "vtd-corrected"));
    }

    /** Runs {@code selection} with sync 0, ascending chunks, no fork, no warm-up, one 50 ms iteration, into {@code json}. */
    private static Path run(Path json, org.openjdk.jmh.runner.options.ChainedOptionsBuilder selection) throws RunnerException {
        Options opt = selection
                .param("sync", "0")
                .param("order", "ascending")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        new Runner(opt).run();
        return json;
    }
}
