package dev.hitless.stress.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code summary.json}: the run's verdict for CI tools, written by Jackson in the order of the components. The last
 * three are written only where they apply, so an unsharded run's file is as it always was.
 *
 * @param seconds          wall time of the jcstress child, rounded (merged: the sum over the shards)
 * @param jcstressPlanned  N of jcstress's last {@code (Results: N planned; ...} line, -1 without one (merged: the sum)
 * @param jcstressPassed   P of that line, -1 without one (merged: the sum)
 * @param problems         the run-level problems (each test lists its own)
 * @param report           jcstress's HTML report
 * @param suiteVersion     a shard's or a merge's {@link SuiteVersion} of the whole planned suite; null unsharded
 * @param shard            which shard this run was ({@code --shard I/N}); null unsharded and merged
 * @param shards           a merge's shards, in index order; null otherwise
 */
record SummaryJson(String suite, String mode, boolean passed, long seconds, int jcstressExitCode, int jcstressPlanned,
                   int jcstressPassed, List<String> problems, String report, List<TestSummary> tests,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String suiteVersion,
                   @JsonInclude(JsonInclude.Include.NON_NULL) ShardOf shard,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<MergedShard> shards) {

    /** A shard's place: {@code index} of {@code count} shards of a suite of {@code suiteTests} tests. */
    record ShardOf(int index, int count, int suiteTests) {
    }

    /** One shard of a merge: its place, the directory it was read from, its verdict, tests and time. */
    record MergedShard(String shard, String dir, boolean passed, int tests, long seconds) {
    }

    static SummaryJson of(String suite, String mode, double seconds, int exitCode, JcstressLog log,
                          Grades.Verdict verdict, Path htmlReport, String suiteVersion, ShardOf shard) {
        return new SummaryJson(suite, mode, verdict.passed(), Math.round(seconds), exitCode, log.planned(), log.passed(),
                verdict.problems(), htmlReport.toAbsolutePath().toString(), verdict.tests(), suiteVersion, shard, null);
    }

    /** Writes the file whole: through a temporary file and a move, so a reader never sees half of it. */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a {@code summary.json} the gate wrote (fields it no longer writes are ignored). */
    static SummaryJson read(Path file) throws IOException {
        return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(file.toFile(), SummaryJson.class);
    }
}
