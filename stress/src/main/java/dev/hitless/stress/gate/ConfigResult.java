package dev.hitless.stress.gate;

import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One JVM configuration's result of one test, as the gate grades it: what jcstress's {@link TestResult} and its
 * {@link TestGrading} say, copied into plain values so that {@link Grades} can be read (and tested) without a
 * jcstress run.
 *
 * @param test            the test's class name
 * @param run             the configuration, its samples and each outcome's count
 * @param broken          when jcstress's status is not {@code NORMAL} (the fork crashed, an actor threw, ...):
 *                        {@code status STATUS MESSAGES}
 * @param gradedPassed    jcstress's grading: false when an outcome is FORBIDDEN (or matched no {@code @Outcome})
 * @param failureMessages the grading's explanations
 * @param outcomes        every {@code @Outcome} row: id (a regular expression), its expectation, samples it matched
 */
record ConfigResult(String test, ConfigRun run, Optional<String> broken, List<String> failureMessages, boolean gradedPassed,
                    List<Graded> outcomes) {

    /** One {@code @Outcome} row of the test as graded on this configuration. */
    record Graded(String id, String expect, long count) {
    }

    static ConfigResult of(TestResult r) {
        double seconds = r.getConfig().time * (double) r.getConfig().iters / 1000.0;
        Map<String, Long> counts = new TreeMap<>();
        for (String k : r.getStateKeys()) counts.put(k, r.getCount(k));
        ConfigRun run = new ConfigRun(List.copyOf(r.getConfig().jvmArgs), r.getTotalCount(), seconds,
                seconds > 0 ? Math.round(r.getTotalCount() / seconds) : 0, counts);
        Optional<String> broken = r.status() == Status.NORMAL ? Optional.empty()
                : Optional.of("status " + r.status() + " " + String.join(" ", r.getMessages()));
        TestGrading g = r.grading();
        List<Graded> outcomes = new ArrayList<>();
        for (GradingResult gr : g.gradingResults.values()) outcomes.add(new Graded(gr.id, gr.expect.name(), gr.count));
        return new ConfigResult(r.getName(), run, broken, List.copyOf(g.failureMessages), g.isPassed, outcomes);
    }
}
