package dev.hitless.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report on the JSON of a real, very short JMH run of the three benchmarks ({@link RealJmhRun}, a few seconds):
 * every section has a row for every parameter combination that ran, so a renamed parameter, counter or method
 * cannot empty a section unnoticed. Then the same JSON with one name changed, as a rename would change it: the
 * report refuses it in one sentence and writes nothing. No assertion reads a timing.
 */
class ReportRealRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path run;
    private static Path json;
    private static String md;

    @TempDir
    Path out;

    @BeforeAll
    static void runJmhAndReport() throws Exception {
        json = RealJmhRun.run(run.resolve("results.json"));
        Report.generate(JmhResult.read(json), run.resolve("report"), new Report.Meta("real", "", "", Report.settings(json)),
                List.of("ReplaceBench", "ReplaceUnderFetchBench", "MachineryBench", "AttachBench"));
        md = Files.readString(run.resolve("report").resolve("report.md"));
    }

    @Test
    void everySectionHasARowForEveryParameterCombinationThatRan() {
        assertTrue(md.contains("- Settings: JMH 1.37, "), md);
        for (String t : List.of("vtd-fl-samedid", "ste-s1-s2")) {
            for (String o : List.of("used-bits-64", "clear-then-update")) {
                assertTrue(md.contains("| " + t + " | 0 | " + o + " | "), t + " " + o + " replace row\n" + md);
                assertTrue(md.contains("| " + t + " | " + o + " | ascending | 0 | "), t + " " + o + " race row\n" + md);
            }
        }
        // Plan summaries come from the one list of representative transitions and the orderings.
        assertTrue(md.contains("| vtd-fl-samedid | 0 | used-bits-64 | hitless, 1 sync | "), md);
        assertTrue(md.contains("| ste-s1-s2 | 0 | used-bits-64 | breaking, 3 syncs | "), md);
        assertTrue(md.contains("- sync=0: a used-bits-64 replace takes vtd-fl-samedid "), md);
        assertTrue(md.contains(" ns/op | longArrayStore | "), "writeQword against its baseline\n" + md);
        for (String t : List.of("vtd-fl-samedid", "ste-s1-s2")) {
            for (String o : List.of("used-bits-64", "clear-then-update")) {
                for (String a : List.of("entry-only", "vtd-corrected")) {
                    assertTrue(md.contains("| " + t + " | " + o + " | 0 | " + a + " | 1 switch, "), t + " " + o + " " + a + " attach replace row\n" + md);
                    String row = "| " + t + " | " + o + " | 0 | " + a + " | ";
                    assertEquals(2, md.split(java.util.regex.Pattern.quote(row), -1).length - 1, t + " " + o + " " + a
                            + ": a replace row and an unmap row\n" + md);
                }
            }
        }
        assertTrue(md.contains("| longArrayReadEntry | "), md);
        assertTrue(!md.contains("## Other results"), "every result belongs to its section\n" + md);
        assertTrue(!md.contains("untranslated") && !md.contains("Left out"), "no DTE, nothing skipped: the report as before\n" + md);
    }

    @Test
    void aHitlessPlanIsNeverSeenTornOrBlockedByTheDevice() {
        // Not a timing: the Oracle's judgement of fetches during used-bits-64's hitless replace is zero blocked, zero torn.
        assertTrue(md.contains("| vtd-fl-samedid | used-bits-64 | ascending | 0 | ") && md.lines()
                .filter(l -> l.startsWith("| vtd-fl-samedid | used-bits-64 | ascending | 0 | ")).allMatch(l -> l.endsWith("| hitless |")), md);
    }

    /**
     * The DTE in the benchmarks: update_dte256 on a VT-d entry is skipped and left out of the report (one sentence
     * says how many); the DTE's race rows get a table with an untranslated column, while the VT-d rows keep the
     * table they had, without it.
     */
    @Test
    void theDteRacesInATableWithUntranslatedAndInapplicableOrderingsAreLeftOut() throws Exception {
        Path dte = RealJmhRun.runDte(out.resolve("dte.json"));
        Report.generate(JmhResult.read(dte), out.resolve("report"), meta(), List.of("ReplaceBench", "ReplaceUnderFetchBench"));
        String r = Files.readString(out.resolve("report").resolve("report.md"));
        assertTrue(r.contains("- Left out: 2 results of parameter combinations whose ordering does not apply to the "
                + "transition's format"), r);
        assertTrue(!r.contains("| vtd-fl-samedid | amd-update-dte256 |") && !r.contains("| vtd-fl-samedid | 0 | amd-update-dte256 |"), r);
        assertTrue(r.contains("| dte-gpt-level | 0 | amd-update-dte256 | breaking, 3 syncs | "), r);
        assertTrue(r.contains("| dte-gpt-level | 0 | clear-then-update | "), r);
        assertTrue(r.contains("| transition | ordering | order | sync | replaces/s | fetches/s | blocked/s | ± | torn/s | ± "
                + "| blocked per replace | torn per replace | blocked % of fetches | verdict |\n|---"), r);
        assertTrue(r.contains("| transition | ordering | order | sync | replaces/s | fetches/s | blocked/s | ± | untranslated/s | ± "
                + "| torn/s | ± | blocked per replace | untranslated per replace | torn per replace | blocked % of fetches | verdict |"), r);
        // the VT-d row sits in the first table, the DTE rows in the second, after the untranslated header
        int second = r.indexOf("| untranslated/s |");
        assertTrue(r.indexOf("| vtd-fl-samedid | clear-then-update | ascending | 0 | ") < second, r);
        assertTrue(r.indexOf("| dte-gpt-level | amd-update-dte256 | ascending | 0 | ") > second, r);
        assertTrue(r.indexOf("| dte-gpt-level | clear-then-update | ascending | 0 | ") > second, r);
        assertTrue(Files.exists(out.resolve("report").resolve("device-untranslated-per-replace.png")));
    }

    @Test
    void aRenamedParameterIsRefusedInOneSentenceAndNothingIsWritten() throws IOException {
        String e = refused(r -> rename(r, "ReplaceBench", "params", "sync", "syncNanos"));
        assertEquals("dev.hitless.bench.ReplaceBench.replace has no parameter 'sync' (it has ordering, transition, syncNanos): "
                + "the report reads ReplaceBench's parameters transition, sync, ordering (dev.hitless.bench.BenchParams)", e);
        assertTrue(refused(r -> rename(r, "ReplaceUnderFetchBench", "params", "order", "chunkOrder")).contains("no parameter 'order'"));
    }

    @Test
    void aRenamedCounterOrMethodIsRefused() throws IOException {
        assertTrue(refused(r -> rename(r, "ReplaceUnderFetchBench", "secondaryMetrics", "fetchTorn", "torn"))
                .contains("has no counter 'fetchTorn'"));
        String e = refused(r -> {
            for (JsonNode n : r) {
                String b = n.get("benchmark").asText();
                if (b.endsWith(".writeQword")) ((ObjectNode) n).put("benchmark", b.replace("writeQword", "storeQword"));
            }
        });
        assertTrue(e.startsWith("dev.hitless.bench.MachineryBench.storeQword: the report knows no MachineryBench method 'storeQword'"), e);
    }

    @Test
    void anExpectedBenchmarkThatIsAbsentIsRefused() throws IOException {
        List<JmhResult> noRace = JmhResult.read(json).stream().filter(r -> !r.className().equals("ReplaceUnderFetchBench")).toList();
        ReportException e = assertThrows(ReportException.class, () -> Report.generate(noRace, out, meta(),
                List.of("ReplaceBench", "ReplaceUnderFetchBench", "MachineryBench")));
        assertEquals("no results of ReplaceUnderFetchBench, which the report expects (--expect)", e.getMessage());
        assertNothingWritten();
        // Without --expect, a partial run (run-report.sh with a benchmark REGEX) gets the sections it has.
        Report.generate(noRace, out, meta());
        assertTrue(!Files.readString(out.resolve("report.md")).contains("ReplaceUnderFetchBench"));
    }

    private static Report.Meta meta() {
        return new Report.Meta("t", "", "", "");
    }

    /** The report's message on the real JSON after {@code edit}; asserts that nothing was written. */
    private String refused(Consumer<ArrayNode> edit) throws IOException {
        ArrayNode root = (ArrayNode) JSON.readTree(json.toFile());
        edit.accept(root);
        Path edited = out.resolve("edited.json");
        JSON.writeValue(edited.toFile(), root);
        List<JmhResult> rs = JmhResult.read(edited);
        Files.delete(edited);
        ReportException e = assertThrows(ReportException.class, () -> Report.generate(rs, out, meta()));
        assertNothingWritten();
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(), files.toList());
        }
    }

    /** Renames key {@code from} to {@code to} in {@code section} ("params", "secondaryMetrics") of every result of a class. */
    private static void rename(ArrayNode root, String benchClass, String section, String from, String to) {
        for (JsonNode n : root) {
            if (!n.get("benchmark").asText().contains("." + benchClass + ".")) continue;
            ObjectNode s = (ObjectNode) n.get(section);
            s.set(to, s.remove(from));
        }
    }
}
