package dev.hitless.stress.gate;

import java.util.List;
import java.util.Map;

/**
 * One JVM configuration of a test, as {@code summary.json} lists it. {@code seconds} is jcstress's planned run time
 * (iterations x time per iteration, e.g. 5 x 200 ms in quick mode), so samples per second is a rate comparable
 * between tests of one run.
 */
record ConfigRun(List<String> jvmArgs, long samples, double seconds, long samplesPerSecond, Map<String, Long> counts) {
}
