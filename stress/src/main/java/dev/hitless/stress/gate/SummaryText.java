package dev.hitless.stress.gate;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code summary.txt}, also printed at the end of a run: per test PASS/FAIL, samples and rate, each observed
 * outcome with its count and expectation, the possible outcomes never seen, the test's problems; then the run's
 * problems and the final {@code stress gate: PASS|FAIL (P passed, F failed of N)} line.
 */
final class SummaryText {
    private SummaryText() {
    }

    static String render(String suite, String mode, Grades.Verdict verdict, double seconds) {
        List<TestSummary> tests = verdict.tests();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nstress gate: suite %s, mode %s, %d tests, %.0f s%n", suite, mode, tests.size(), seconds));
        for (TestSummary t : tests.stream().sorted(Comparator.comparing(TestSummary::name)).toList()) {
            sb.append(String.format(Locale.ROOT, "%n%-4s %s%s%n", t.passed() ? "PASS" : "FAIL", shortName(t.name()),
                    t.mustObserve() != null ? "  [must observe " + MustDetect.what(t.mustObserve()) + "]" : ""));
            sb.append(String.format(Locale.ROOT, "     %,d samples over %d JVM configurations (%,d samples/s)%n",
                    t.samples(), t.configs(), t.samplesPerSecond()));
            for (Map.Entry<String, Long> e : t.counts().entrySet()) {
                sb.append(String.format(Locale.ROOT, "     %-16s %,15d  %s%n", e.getKey(), e.getValue(), expectOf(t, e.getKey())));
            }
            if (!t.unobserved().isEmpty()) {
                sb.append("     unobserved (checker says possible): ").append(String.join(", ", t.unobserved())).append('\n');
            }
            for (String p : t.problems()) sb.append("     !! ").append(p.strip().replace("\n", " ")).append('\n');
        }
        sb.append('\n');
        for (String p : verdict.problems()) sb.append("!! ").append(p).append('\n');
        long failed = tests.stream().filter(t -> !t.passed()).count();
        sb.append(String.format(Locale.ROOT, "stress gate: %s (%d passed, %d failed of %d)%n", verdict.passed() ? "PASS" : "FAIL",
                tests.size() - failed, failed, tests.size()));
        return sb.toString();
    }

    /** The expectation of an observed key: its exact {@code @Outcome} row, else the first regex row matching it. */
    private static String expectOf(TestSummary t, String key) {
        String e = t.expects().get(key);
        if (e != null) return e;
        for (Map.Entry<String, String> x : t.expects().entrySet()) {
            if (Pattern.matches(x.getKey(), key)) return x.getValue();
        }
        return "FORBIDDEN";
    }

    private static String shortName(String name) {
        return name.replace("dev.hitless.stress.", "");
    }
}
