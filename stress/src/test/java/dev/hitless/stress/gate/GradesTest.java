package dev.hitless.stress.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitless.check.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grading of tests and runs, and both summaries, on configuration results built by hand (no jcstress run). */
class GradesTest {
    private static final String TEST = "dev.hitless.stress.generated.vtdpasid.StructCopy__FlDid5A__FlDid6B__Strict";
    private static final List<ConfigResult.Graded> TABLE = List.of(
            new ConfigResult.Graded("OLD oooo", "ACCEPTABLE", 0),
            new ConfigResult.Graded("NEW nnnn", "ACCEPTABLE", 0),
            new ConfigResult.Graded("TORN nooo", "ACCEPTABLE_INTERESTING", 0),
            new ConfigResult.Graded(".*", "FORBIDDEN", 0));

    /** One configuration's result: 1 s planned, the given counts, graded as given. */
    private static ConfigResult config(String test, Map<String, Long> counts, boolean gradedPassed, String... failures) {
        long samples = counts.values().stream().mapToLong(Long::longValue).sum();
        List<ConfigResult.Graded> outcomes = new ArrayList<>();
        for (ConfigResult.Graded g : TABLE) outcomes.add(new ConfigResult.Graded(g.id(), g.expect(), counts.getOrDefault(g.id(), 0L)));
        return new ConfigResult(test, new ConfigRun(List.of("-XX:-TieredCompilation"), samples, 1.0, samples, counts),
                Optional.empty(), List.of(failures), gradedPassed, outcomes);
    }

    @Test
    void aTestPassesOverAllItsConfigurationsAndSumsTheirCounts() {
        TestSummary t = Grades.summarise(TEST, List.of(
                config(TEST, Map.of("OLD oooo", 600L, "TORN nooo", 40L), true),
                config(TEST, Map.of("OLD oooo", 300L, "NEW nnnn", 60L), true)), Verdict.TORN);
        assertTrue(t.passed(), t.problems().toString());
        assertEquals(1000, t.samples());
        assertEquals(2, t.configs());
        assertEquals(500, t.samplesPerSecond());
        assertEquals(Map.of("OLD oooo", 900L, "NEW nnnn", 60L, "TORN nooo", 40L), t.counts());
        assertEquals(List.of(), t.unobserved());
    }

    @Test
    void aForbiddenOutcomeFailsTheTestWithJcstressExplanation() {
        TestSummary t = Grades.summarise(TEST, List.of(
                config(TEST, Map.of("OLD oooo", 10L, "TORN xooo", 1L), false, "Observed FORBIDDEN: TORN xooo")), null);
        assertFalse(t.passed());
        assertEquals(List.of("Observed FORBIDDEN: TORN xooo"), t.problems());
        assertEquals(List.of("NEW nnnn", "TORN nooo"), t.unobserved(), "possible keys never seen; not the regex row");
    }

    @Test
    void aTestThatMustDetectATearFailsWithoutOneAndOnlyThen() {
        List<ConfigResult> noTear = List.of(config(TEST, Map.of("OLD oooo", 500L, "NEW nnnn", 500L), true));
        TestSummary must = Grades.summarise(TEST, noTear, Verdict.TORN);
        assertFalse(must.passed());
        assertEquals(List.of("must observe a tear and observed none in 1000 samples"), must.problems());
        assertTrue(Grades.summarise(TEST, noTear, null).passed());
    }

    @Test
    void aTestThatMustWalkAnUninitialisedTableNeedsAnUninitOutcomeNotATear() {
        List<ConfigResult> tearOnly = List.of(config(TEST, Map.of("OLD oooo", 500L, "TORN nooo", 500L), true));
        TestSummary must = Grades.summarise(TEST, tearOnly, Verdict.UNINIT);
        assertFalse(must.passed());
        assertEquals(List.of("must observe UNINIT and observed none in 1000 samples"), must.problems());
        List<ConfigResult> uninit = List.of(config(TEST, Map.of("OLD oooo", 500L, "UNINIT nnnn", 1L), true));
        assertTrue(Grades.summarise(TEST, uninit, Verdict.UNINIT).passed());
    }

    @Test
    void aTestThatMustGoStaleNeedsAStaleCacheTagOutcome() {
        List<ConfigResult> clean = List.of(config(TEST, Map.of("clean, no-leak", 900L, "OLD oooo", 100L), true));
        TestSummary must = Grades.summarise(TEST, clean, Verdict.STALE);
        assertFalse(must.passed());
        assertEquals(List.of("must observe STALE and observed none in 1000 samples"), must.problems());
        List<ConfigResult> stale = List.of(config(TEST, Map.of("clean, no-leak", 900L, "stale-new, no-leak", 3L), true));
        assertTrue(Grades.summarise(TEST, stale, Verdict.STALE).passed());
        List<ConfigResult> leakOnly = List.of(config(TEST, Map.of("clean, leak-old", 900L), true));
        assertFalse(Grades.summarise(TEST, leakOnly, Verdict.STALE).passed(), "a LEAK is not a STALE");
    }

    @Test
    void aBrokenRunNoSamplesOrNoResultFailTheTest() {
        ConfigResult ok = config(TEST, Map.of("OLD oooo", 5L), true);
        ConfigResult broken = new ConfigResult(TEST, ok.run(), Optional.of("status VM_ERROR fork crashed"), List.of(),
                true, ok.outcomes());
        assertEquals(List.of("status VM_ERROR fork crashed"), Grades.summarise(TEST, List.of(broken), null).problems());
        TestSummary empty = Grades.summarise(TEST, List.of(config(TEST, Map.of(), true)), null);
        assertEquals(List.of("no samples"), empty.problems());
        assertFalse(empty.passed());
        TestSummary none = Grades.summarise(TEST, List.of(), null);
        assertEquals(List.of("not run"), none.problems());
        assertFalse(none.passed());
    }

    @Test
    void theRunFailsOnARunLevelProblemAMissingOrUnplannedTestOrAFailedTest() {
        String other = "dev.hitless.stress.showcase.StructCopyTears";
        ConfigResult good = config(TEST, Map.of("OLD oooo", 5L), true);
        assertTrue(Grades.judge(List.of(TEST), List.of(), List.of(good), t -> Optional.empty()).passed());
        assertFalse(Grades.judge(List.of(TEST), List.of("jcstress exited with 1"), List.of(good), t -> Optional.empty()).passed());
        Grades.Verdict missing = Grades.judge(List.of(TEST, other), List.of(), List.of(good), t -> Optional.empty());
        assertEquals(List.of("ran 1 of 2 planned tests"), missing.problems());
        Grades.Verdict unplanned = Grades.judge(List.of(TEST), List.of(), List.of(good, config(other, Map.of("OLD oooo", 5L), true)), t -> Optional.empty());
        assertEquals(List.of("jcstress ran an unplanned test " + other), unplanned.problems());
        assertFalse(unplanned.passed());
        assertFalse(Grades.judge(List.of(TEST), List.of(), List.of(good), t -> Optional.of(Verdict.TORN)).passed(), "must detect, saw no tear");
    }

    @Test
    void bothSummariesSayWhatWasGraded(@TempDir Path dir) throws Exception {
        Grades.Verdict v = Grades.judge(List.of(TEST), List.of("jcstress exited with 1"),
                List.of(config(TEST, Map.of("OLD oooo", 1500L, "TORN nooo", 2L), true)), t -> Optional.of(Verdict.TORN));
        String text = SummaryText.render("ci", "quick", v, 12.4);
        assertTrue(text.startsWith("\nstress gate: suite ci, mode quick, 1 tests, 12 s\n"), text);
        assertTrue(text.contains("\nPASS generated.vtdpasid.StructCopy__FlDid5A__FlDid6B__Strict  [must observe a tear]\n"), text);
        assertTrue(text.contains("     1,502 samples over 1 JVM configurations (1,502 samples/s)\n"), text);
        assertTrue(text.contains("     TORN nooo                      2  ACCEPTABLE_INTERESTING\n"), text);
        assertTrue(text.contains("     unobserved (checker says possible): NEW nnnn\n"), text);
        assertTrue(text.endsWith("\n!! jcstress exited with 1\nstress gate: FAIL (1 passed, 0 failed of 1)\n"), text);

        Path file = dir.resolve("summary.json");
        SummaryJson.of("ci", "quick", 12.4, 1, JcstressLog.parse(List.of()), v, dir.resolve("results/index.html"), null, null)
                .write(file);
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("suite", "mode", "passed", "seconds", "jcstressExitCode", "jcstressPlanned", "jcstressPassed",
                "problems", "report", "tests"), keys);
        assertFalse(json.get("passed").asBoolean());
        assertEquals(12, json.get("seconds").asLong());
        assertEquals(-1, json.get("jcstressPlanned").asInt());
        JsonNode t = json.get("tests").get(0);
        assertEquals(TEST, t.get("name").asText());
        assertEquals(2, t.get("counts").get("TORN nooo").asLong());
        assertEquals("ACCEPTABLE_INTERESTING", t.get("expects").get("TORN nooo").asText());
        assertEquals(1, t.get("runs").size());
        assertTrue(t.get("mustObserveTear").asBoolean(), "the field summaries had before UNINIT");
        assertEquals("TORN", t.get("mustObserve").asText());
    }
}
