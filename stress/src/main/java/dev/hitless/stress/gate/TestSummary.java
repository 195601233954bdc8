package dev.hitless.stress.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hitless.check.Verdict;

import java.util.List;
import java.util.Map;

/**
 * One test's aggregate over every JVM configuration and fork jcstress ran, as {@link Grades} judged it and both
 * summaries print it.
 *
 * @param counts     samples per outcome key, summed over configurations
 * @param expects    each {@code @Outcome} id with its expectation ({@code ACCEPTABLE}, {@code FORBIDDEN}, ...)
 * @param unobserved outcome keys the checker says are possible that no sample showed (information, not failure)
 * @param mustObserve the verdict the test must observe ({@link dev.hitless.stress.MustObserve},
 *                   {@link dev.hitless.stress.MustObserveTag}), null for none
 * @param problems   why the test failed, one sentence each
 */
record TestSummary(String name, long samples, int configs, long samplesPerSecond, Map<String, Long> counts,
                   Map<String, String> expects, List<String> unobserved, Verdict mustObserve, boolean passed,
                   List<String> problems, List<ConfigRun> runs) {

    /** True when the test must observe a tear (the summary's field since before UNINIT existed). */
    @JsonProperty("mustObserveTear")
    boolean mustObserveTear() {
        return mustObserve == Verdict.TORN;
    }
}
