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
 * the last tally line planned &gt; 0 and passed == planned. The logs are jcstress 0.16 console output (resources
 * {@code gate/*.log}).
 */
class JcstressLogTest {

    private static List<String> log(String name) throws IOException {
        try (InputStream in = JcstressLogTest.class.getResourceAsStream("/gate/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void aPassingRunIsReadFromItsLastTallyLine() throws IOException {
        JcstressLog l = JcstressLog.parse(log("jcstress-pass.log"));
        assertEquals(4, l.planned());
        assertEquals(4, l.passed(), "the last tally wins over the progress lines before it");
        assertEquals(Optional.empty(), l.fatal());
        assertEquals(List.of(), l.problems(0));
    }

    @Test
    void aNonZeroExitFailsEvenWithAGoodTally() throws IOException {
        assertEquals(List.of("jcstress exited with 1"), JcstressLog.parse(log("jcstress-pass.log")).problems(1));
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
