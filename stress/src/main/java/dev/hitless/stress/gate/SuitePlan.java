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
 * Which tests a suite runs, from the jar's own test list ({@code META-INF/TestList}): {@code ci} is the showcases
 * plus the {@link StressSuite#inCi} generated cases, {@code showcase} and {@code generated} their packages,
 * {@code all} every test in the jar.
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
            boolean in = switch (suite) {
                case "ci" -> showcase || ci.contains(t);
                case "showcase" -> showcase;
                case "generated" -> generated;
                case "all" -> true;
                default -> throw new BadInput("unknown suite '" + suite + "': expected ci, showcase, generated or all");
            };
            if (in && (f == null || f.matcher(t).find())) out.add(t);
        }
        return out;
    }
}
