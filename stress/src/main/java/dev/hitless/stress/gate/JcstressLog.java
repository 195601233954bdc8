package dev.hitless.stress.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What jcstress's console output says about a whole run, and the run-level checks on it. jcstress 0.16 exits 0 in
 * two situations that are failures (no test matched {@code -t}, printed as {@code FATAL: No matching tests.}; forks
 * on the wrong JDK, visible only in the counts), so the exit code alone proves nothing. The run passes only when
 * <ol>
 *   <li>jcstress exited 0 (non-zero: a FORBIDDEN or unmatched outcome, or an actor threw),</li>
 *   <li>no line contains {@code FATAL},</li>
 *   <li>the last {@code (Results: N planned; P passed, ...)} line has N &gt; 0 and P == N.</li>
 * </ol>
 * docs/stress.md, "The gate", lists the exit codes of jcstress these rules rest on.
 *
 * @param fatal   the first line containing {@code FATAL}, stripped, if any
 * @param planned N of the last tally line, -1 when there is none
 * @param passed  P of the last tally line, -1 when there is none
 */
record JcstressLog(Optional<String> fatal, int planned, int passed) {

    private static final Pattern RESULTS_LINE =
            Pattern.compile("\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs");

    static JcstressLog parse(List<String> lines) {
        Optional<String> fatal = lines.stream().filter(l -> l.contains("FATAL")).findFirst().map(String::strip);
        int planned = -1;
        int passed = -1;
        for (String l : lines) {
            Matcher m = RESULTS_LINE.matcher(l);
            if (m.find()) {
                planned = Integer.parseInt(m.group(1));
                passed = Integer.parseInt(m.group(2));
            }
        }
        return new JcstressLog(fatal, planned, passed);
    }

    /** Every rule above that the run breaks, one sentence each, in the order of the rules; empty when it passes. */
    List<String> problems(int exitCode) {
        List<String> problems = new ArrayList<>();
        if (exitCode != 0) problems.add("jcstress exited with " + exitCode);
        fatal.ifPresent(l -> problems.add("jcstress printed: " + l));
        if (planned < 0) problems.add("no '(Results: N planned; ...' line in jcstress's output");
        else if (planned == 0 || passed != planned) {
            problems.add("jcstress: " + passed + " of " + planned + " planned test runs passed");
        }
        return problems;
    }

    /** Progress lines worth echoing while jcstress runs: the per-test verdict lines and the tally. */
    static boolean worthEchoing(String line) {
        String t = line.strip();
        return t.startsWith("[FAILED]") || t.startsWith("[ERROR]") || t.startsWith("FATAL") || t.contains("FORBIDDEN")
                || t.startsWith("(Results:");
    }
}
