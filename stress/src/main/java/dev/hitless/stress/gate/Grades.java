package dev.hitless.stress.gate;

import org.openjdk.jcstress.annotations.Expect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Function;

/**
 * Grades a run: each planned test over all its JVM configurations, then the run as a whole. A test passes when it
 * ran with samples on every configuration jcstress gave it, every configuration's status is normal, jcstress graded
 * every configuration passed (no FORBIDDEN outcome: nothing outside the checker's set), and, when it must detect a
 * failure, it observed one ({@link MustDetect}). The run passes when the run-level checks of {@link JcstressLog} found
 * nothing, every planned test ran, no unplanned test ran, and every test passed.
 */
final class Grades {
    private Grades() {
    }

    /** The run's verdict: run-level problems, every planned test's summary in plan order, and pass or fail. */
    record Verdict(List<String> problems, List<TestSummary> tests, boolean passed) {
    }

    /**
     * @param planned      the tests the gate asked jcstress to run
     * @param runProblems  the run-level problems found so far ({@link JcstressLog#problems})
     * @param results      every configuration result jcstress wrote
     * @param mustDetect   what each test must observe (TORN, UNINIT, STALE), empty for most
     */
    static Verdict judge(List<String> planned, List<String> runProblems, List<ConfigResult> results,
                         Function<String, Optional<dev.hitless.check.Verdict>> mustDetect) {
        List<String> problems = new ArrayList<>(runProblems);
        Map<String, List<ConfigResult>> byTest = new TreeMap<>();
        for (ConfigResult r : results) byTest.computeIfAbsent(r.test(), k -> new ArrayList<>()).add(r);
        List<TestSummary> tests = new ArrayList<>();
        for (String name : planned) {
            tests.add(summarise(name, byTest.getOrDefault(name, List.of()), mustDetect.apply(name).orElse(null)));
        }
        for (String name : byTest.keySet()) {
            if (!planned.contains(name)) problems.add("jcstress ran an unplanned test " + name);
        }
        long ran = tests.stream().filter(t -> t.samples() > 0).count();
        if (ran < planned.size()) problems.add("ran " + ran + " of " + planned.size() + " planned tests");
        boolean pass = problems.isEmpty() && tests.stream().allMatch(TestSummary::passed);
        return new Verdict(List.copyOf(problems), List.copyOf(tests), pass);
    }

    /**
     * One test over all its configuration results (none: it did not run); {@code mustObserve} is the judgement it
     * must observe, null for none.
     */
    static TestSummary summarise(String name, List<ConfigResult> results, dev.hitless.check.Verdict mustObserve) {
        List<String> problems = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> expects = new TreeMap<>();
        Map<String, Long> gradedCounts = new LinkedHashMap<>();
        long samples = 0;
        double seconds = 0;
        List<ConfigRun> runs = new ArrayList<>();
        boolean passed = !results.isEmpty();
        for (ConfigResult r : results) {
            samples += r.run().samples();
            seconds += r.run().seconds();
            runs.add(r.run());
            r.run().counts().forEach((k, n) -> counts.merge(k, n, Long::sum));
            if (r.broken().isPresent()) {
                passed = false;
                problems.add(r.broken().get());
            }
            if (!r.gradedPassed()) passed = false;
            for (String m : r.failureMessages()) if (!problems.contains(m)) problems.add(m);
            for (ConfigResult.Graded g : r.outcomes()) {
                expects.put(g.id(), g.expect());
                gradedCounts.merge(g.id(), g.count(), Long::sum);
            }
        }
        if (results.isEmpty()) problems.add("not run");
        else if (samples == 0) {
            passed = false;
            problems.add("no samples");
        }
        List<String> unobserved = unobserved(expects, gradedCounts, counts);
        var mustProblem = MustDetect.problem(mustObserve, counts, samples);
        if (mustProblem.isPresent()) {
            passed = false;
            problems.add(mustProblem.get());
        }
        long rate = seconds > 0 ? Math.round(samples / seconds) : 0;
        return new TestSummary(name, samples, results.size(), rate, counts, expects, unobserved, mustObserve, passed,
                problems, runs);
    }

    /** Outcomes the checker says are possible (exact keys, not the FORBIDDEN regex rows) that no sample showed. */
    private static List<String> unobserved(Map<String, String> expects, Map<String, Long> gradedCounts,
                                           Map<String, Long> counts) {
        List<String> unobserved = new ArrayList<>();
        for (Map.Entry<String, String> e : expects.entrySet()) {
            boolean exactKey = !e.getKey().contains(".*") && !e.getValue().equals(Expect.FORBIDDEN.name());
            if (exactKey && gradedCounts.getOrDefault(e.getKey(), 0L) == 0 && !counts.containsKey(e.getKey())) {
                unobserved.add(e.getKey());
            }
        }
        return unobserved;
    }
}
