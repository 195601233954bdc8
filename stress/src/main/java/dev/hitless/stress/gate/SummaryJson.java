package dev.hitless.stress.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code summary.json}: the run's verdict for CI tools, written by Jackson in the order of the components.
 *
 * @param seconds          wall time of the jcstress child, rounded
 * @param jcstressPlanned  N of jcstress's last {@code (Results: N planned; ...} line, -1 without one
 * @param jcstressPassed   P of that line, -1 without one
 * @param problems         the run-level problems (each test lists its own)
 * @param report           jcstress's HTML report
 */
record SummaryJson(String suite, String mode, boolean passed, long seconds, int jcstressExitCode, int jcstressPlanned,
                   int jcstressPassed, List<String> problems, String report, List<TestSummary> tests) {

    static SummaryJson of(String suite, String mode, double seconds, int exitCode, JcstressLog log,
                          Grades.Verdict verdict, Path htmlReport) {
        return new SummaryJson(suite, mode, verdict.passed(), Math.round(seconds), exitCode, log.planned(), log.passed(),
                verdict.problems(), htmlReport.toAbsolutePath().toString(), verdict.tests());
    }

    void write(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }
}
