package dev.hitless.stress.gate;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run-level rules on jcstress's console output (docs/stress.md, "The gate"): exit code 0, no FATAL line, and on
 * the last tally line planned &gt; 0 and passed == planned. {@code gate/ci-run/jcstress.log} is the captured output
 * of {@code stress/run-suite.sh ci -- -sc false} (jcstress 0.16, JDK 25); {@code gate/jcstress-fatal.log} is its
 * start followed by the line jcstress 0.16 prints when {@code -t} matches no test.
 */
class JcstressLogTest {

    private static List<String> log(String name) throws IOException {
        try (InputStream in = JcstressLogTest.class.getResourceAsStream("/gate/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void aPassingRunIsReadFromItsLastTallyLine() throws IOException {
        List<String> lines = log("ci-run/jcstress.log");
        assertTrue(lines.stream().anyMatch(l -> l.contains("(Results: 40 planned; 1 passed")), "progress tallies first");
        assertTrue(lines.stream().anyMatch(l -> l.contains("A fatal exception has occurred")), "a probe's message");
        JcstressLog l = JcstressLog.parse(lines);
        assertEquals(40, l.planned());
        assertEquals(40, l.passed(), "the last tally wins over the progress lines before it");
        assertEquals(Optional.empty(), l.fatal(), "only jcstress's own FATAL lines count, not a probed JVM's 'fatal'");
        assertEquals(List.of(), l.problems(0));
    }

    @Test
    void aNonZeroExitFailsEvenWithAGoodTally() throws IOException {
        assertEquals(List.of("jcstress exited with 1"), JcstressLog.parse(log("ci-run/jcstress.log")).problems(1));
    }

    @Test
    void noMatchingTestsExitsZeroButIsFatalAndHasNoTally() throws IOException {
        JcstressLog l = JcstressLog.parse(log("jcstress-fatal.log"));
        assertEquals(Optional.of("FATAL: No matching tests."), l.fatal());
        assertEquals(-1, l.planned());
        assertEquals(List.of("jcstress printed: FATAL: No matching tests.",
                "no '(Results: N planned; ...' line in jcstress's output"), l.problems(0));
    }

    @Test
    void nothingPlannedOrFewerPassedThanPlannedFails() {
        String tally = "(ETA: now) (Results: %d planned; %d passed, 0 failed, 0 soft errs, 0 hard errs)";
        assertEquals(List.of("jcstress: 0 of 0 planned test runs passed"),
                JcstressLog.parse(List.of(String.format(tally, 0, 0))).problems(0));
        assertEquals(List.of("jcstress: 3 of 4 planned test runs passed"),
                JcstressLog.parse(List.of(String.format(tally, 4, 3))).problems(0));
        assertEquals(List.of(), JcstressLog.parse(List.of(String.format(tally, 4, 4))).problems(0));
    }

    @Test
    void onlyVerdictLinesAndTheTallyAreEchoed() {
        assertTrue(JcstressLog.worthEchoing("  [FAILED] dev.hitless.stress.showcase.StructCopyTears"));
        assertTrue(JcstressLog.worthEchoing("FATAL: No matching tests."));
        assertTrue(JcstressLog.worthEchoing("(Results: 4 planned; 4 passed, 0 failed, 0 soft errs, 0 hard errs)"));
        assertFalse(JcstressLog.worthEchoing("Burning up to figure out the exact CPU count....... 2 CPUs"));
    }
}
