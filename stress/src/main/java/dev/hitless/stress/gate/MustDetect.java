package dev.hitless.stress.gate;

import dev.hitless.reader.Observation;
import dev.hitless.reader.Seen;
import dev.hitless.stress.MustObserveTear;
import org.openjdk.jcstress.infra.runners.TestList;

import java.util.Map;
import java.util.Optional;

/**
 * The must-detect rule: a test marked {@link MustObserveTear} (a known-bad ordering the checker proves torn, raced by
 * a reader that sees tears often) fails unless at least one sample's outcome is an observation judged TORN. It turns
 * "the race found nothing" from a silent pass into a failure, so a harness that stopped racing is noticed.
 */
final class MustDetect {
    private MustDetect() {
    }

    /** True when the test class carries {@link MustObserveTear}; false for a name the jar does not hold. */
    static boolean required(String test) {
        try {
            String binary = TestList.getInfo(test).binaryName();
            return Class.forName(binary, false, MustDetect.class.getClassLoader()).isAnnotationPresent(MustObserveTear.class);
        } catch (ClassNotFoundException | RuntimeException e) {
            return false;
        }
    }

    /** The problem to report when a test that must observe a tear saw none in {@code samples} samples. */
    static Optional<String> problem(boolean required, Map<String, Long> counts, long samples) {
        if (required && counts.keySet().stream().noneMatch(MustDetect::torn)) {
            return Optional.of("must observe a tear and observed none in " + samples + " samples");
        }
        return Optional.empty();
    }

    /** True for an outcome that is an {@link Observation} judged TORN; false for anything else jcstress reports. */
    private static boolean torn(String outcome) {
        try {
            return Observation.parse(outcome).seen() == Seen.TORN;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
