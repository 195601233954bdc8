package dev.hitless.stress.gate;

import dev.hitless.reader.Observation;
import dev.hitless.reader.Seen;
import dev.hitless.stress.MustObserve;
import org.openjdk.jcstress.infra.runners.TestList;

import java.util.Map;
import java.util.Optional;

/**
 * The must-detect rule: a test marked {@link MustObserve} (a known-bad ordering the checker proves torn, or walking
 * an uninitialised table, raced by a reader that sees it often) fails unless at least one sample's outcome is an
 * observation of that judgement. It turns "the race found nothing" from a silent pass into a failure, so a harness
 * that stopped racing is noticed.
 */
final class MustDetect {
    private MustDetect() {
    }

    /** The judgement the test must observe ({@link MustObserve}); empty for other tests and names the jar lacks. */
    static Optional<Seen> required(String test) {
        try {
            String binary = TestList.getInfo(test).binaryName();
            MustObserve m = Class.forName(binary, false, MustDetect.class.getClassLoader()).getAnnotation(MustObserve.class);
            return Optional.ofNullable(m).map(MustObserve::value);
        } catch (ClassNotFoundException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The problem to report when a test that must observe {@code required} (null: nothing) saw none in
     * {@code samples} samples.
     */
    static Optional<String> problem(Seen required, Map<String, Long> counts, long samples) {
        if (required != null && counts.keySet().stream().noneMatch(o -> judged(o, required))) {
            return Optional.of("must observe " + what(required) + " and observed none in " + samples + " samples");
        }
        return Optional.empty();
    }

    /** What the summaries call a must-detect judgement: {@code a tear} for TORN, else its name. */
    static String what(Seen s) {
        return s == Seen.TORN ? "a tear" : s.name();
    }

    /** True for an outcome that is an {@link Observation} judged {@code seen}; false for anything else jcstress reports. */
    private static boolean judged(String outcome, Seen seen) {
        try {
            return Observation.parse(outcome).seen() == seen;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
