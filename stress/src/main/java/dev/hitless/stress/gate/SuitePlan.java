package dev.hitless.stress.gate;

import dev.hitless.suite.StressCase;
import dev.hitless.suite.StressSuite;
import org.openjdk.jcstress.infra.runners.TestList;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which tests a suite runs, from the jar's own test list ({@code META-INF/TestList}): {@code ci} is the showcases,
 * the {@link StressSuite#inCi} generated cases and the must-detect cache-tag tests; {@code showcase} the hand-written
 * tests (the showcase and cache-tag packages, controls included), {@code generated} its package, {@code all} every
 * test in the jar. A cache-tag control stays out of {@code ci} to keep its time: its grading is the checker's, like
 * the must-detect test's, and it races the same code.
 */
final class SuitePlan {
    private SuitePlan() {
    }

    /** The test classes of a suite whose name contains a match of {@code filter} (null: all), in name order. */
    static List<String> tests(String suite, String filter) {
        Set<String> ci = StressSuite.cases().stream().filter(StressSuite::inCi).map(StressCase::className)
                .collect(Collectors.toSet());
        Pattern f = filter == null ? null : Pattern.compile(filter);
        List<String> out = new ArrayList<>();
        for (String t : new TreeSet<>(TestList.tests())) {
            boolean generated = t.startsWith(StressSuite.GENERATED_PACKAGE + ".");
            boolean showcase = t.startsWith("dev.hitless.stress.showcase.");
            boolean tags = t.startsWith("dev.hitless.stress.tags.");
            boolean in = switch (suite) {
                case "ci" -> showcase || ci.contains(t) || (tags && MustDetect.required(t).isPresent());
                case "showcase" -> showcase || tags;
                case "generated" -> generated;
                case "all" -> true;
                default -> throw new BadInput("unknown suite '" + suite + "': expected ci, showcase, generated or all");
            };
            if (in && (f == null || f.matcher(t).find())) out.add(t);
        }
        return out;
    }
}
