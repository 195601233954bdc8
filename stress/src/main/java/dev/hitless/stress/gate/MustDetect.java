package dev.hitless.stress.gate;

import dev.hitless.attach.TagOutcome;
import dev.hitless.check.Verdict;
import dev.hitless.reader.Observation;
import dev.hitless.stress.MustObserve;
import dev.hitless.stress.MustObserveTag;
import dev.hitless.stress.tags.TagRace;
import org.openjdk.jcstress.infra.runners.TestList;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The must-detect rule: a test marked {@link MustObserve} (a known-bad ordering the checker proves torn, or walking
 * an uninitialised table, raced by a reader that sees it often) or {@link MustObserveTag} (a known-bad attach sequence
 * the checker proves STALE) fails unless at least one sample's outcome shows that verdict. It turns "the race found
 * nothing" from a silent pass into a failure, so a harness that stopped racing is noticed.
 */
final class MustDetect {
    private MustDetect() {
    }

    /** The verdict the test must observe; empty for other tests and names the jar lacks. */
    static Optional<Verdict> required(String test) {
        try {
            String binary = TestList.getInfo(test).binaryName();
            Class<?> c = Class.forName(binary, false, MustDetect.class.getClassLoader());
            MustObserve m = c.getAnnotation(MustObserve.class);
            if (m != null) return Optional.of(Verdict.of(Set.of(m.value())));
            MustObserveTag t = c.getAnnotation(MustObserveTag.class);
            if (t != null) return Optional.of(t.value() == TagOutcome.Kind.STALE ? Verdict.STALE : Verdict.LEAK);
            return Optional.empty();
        } catch (ClassNotFoundException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The problem to report when a test that must observe {@code required} (null: nothing) saw none in
     * {@code samples} samples.
     */
    static Optional<String> problem(Verdict required, Map<String, Long> counts, long samples) {
        if (required != null && counts.keySet().stream().noneMatch(o -> shows(o, required))) {
            return Optional.of("must observe " + what(required) + " and observed none in " + samples + " samples");
        }
        return Optional.empty();
    }

    /** What the summaries call a must-detect verdict: {@code a tear} for TORN, else its name. */
    static String what(Verdict v) {
        return v == Verdict.TORN ? "a tear" : v.name();
    }

    /**
     * True for an outcome that shows {@code v}: an entry {@link Observation} judged TORN or UNINIT, or a cache-tag
     * outcome id ({@link TagRace}) naming a STALE or LEAK outcome; false for anything else jcstress reports.
     */
    private static boolean shows(String outcome, Verdict v) {
        if (v == Verdict.STALE || v == Verdict.LEAK) {
            TagOutcome.Kind k = v == Verdict.STALE ? TagOutcome.Kind.STALE : TagOutcome.Kind.LEAK;
            return TagRace.outcomes(outcome).stream().anyMatch(o -> o.kind() == k);
        }
        try {
            return Verdict.of(Set.of(Observation.parse(outcome).seen())) == v;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
