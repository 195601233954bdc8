package dev.hitless.stress.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jcstress.infra.collectors.DiskWriteCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Merging shards, on the captured CI run of {@link CapturedRunTest} cut into shards: each shard's directory holds
 * jcstress's binary results of its tests only (written with jcstress's own {@link DiskWriteCollector}) and the
 * summaries the gate writes from them; merged, they must give the tests of the unsharded judgement exactly.
 */
class ShardMergeTest {
    private static final String RUN = "/gate/ci-run/";
    private static final String RESULTS = "jcstress-results-2026-12-01-02-44-40.bin.gz";

    @TempDir
    Path tmp;
    private List<String> planned;
    private List<TestResult> results;
    private List<String> log;
    private JsonNode unsharded;

    @BeforeEach
    void readCapturedRun() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(RUN + RESULTS)) {
            Files.copy(in, tmp.resolve(RESULTS));
        }
        results = JcstressResults.read(tmp);
        try (InputStream in = getClass().getResourceAsStream(RUN + "jcstress.log")) {
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        try (InputStream in = getClass().getResourceAsStream(RUN + "summary.json")) {
            unsharded = new ObjectMapper().readTree(in);
        }
        planned = new ArrayList<>();
        unsharded.get("tests").forEach(t -> planned.add(t.get("name").asText()));
    }

    /** Shard {@code index} of {@code count} of the captured run, judged by the gate into {@code dir}. */
    private Path shard(String dir, int index, int count, String mode, List<String> suite) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(dir));
        List<String> mine = new Shard(index, count).select(suite);
        DiskWriteCollector w = new DiskWriteCollector(d.resolve("jcstress-results-shard.bin.gz").toString());
        for (TestResult r : results) if (mine.contains(r.getName())) w.add(r);
        w.close();
        Gate.judge("ci", mode, mine, d, new JcstressLaunch.Run(log, 0, 100.0 + index), SuiteVersion.of(suite),
                new SummaryJson.ShardOf(index, count, suite.size()));
        return d;
    }

    private int merge(Path out, Path... dirs) throws Exception {
        List<String> args = new ArrayList<>(List.of("merge", "--out", out.toString()));
        for (Path d : dirs) args.add(d.toString());
        return Gate.run(args.toArray(String[]::new));
    }

    @Test
    void threeShardsMergedAreTheUnshardedRunsTestsWithOneReport() throws Exception {
        Path a = shard("s1", 1, 3, "quick", planned);
        Path b = shard("s2", 2, 3, "quick", planned);
        Path c = shard("s3", 3, 3, "quick", planned);
        JsonNode s2 = new ObjectMapper().readTree(b.resolve("summary.json").toFile());
        assertEquals(2, s2.get("shard").get("index").asInt());
        assertEquals(planned.size(), s2.get("shard").get("suiteTests").asInt());
        assertTrue(s2.get("suiteVersion").asText().matches("sha256:[0-9a-f]{64}"));
        assertTrue(Files.readString(b.resolve("summary.txt")).startsWith("\nstress gate: suite ci, shard 2/3, mode quick, "));

        Path out = tmp.resolve("merged");
        assertEquals(Gate.OK, merge(out, c, a, b));
        JsonNode m = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(unsharded.get("tests"), m.get("tests"), "every test as the unsharded judgement has it");
        assertTrue(m.get("passed").asBoolean());
        assertEquals(306, m.get("seconds").asLong(), "101 + 102 + 103 s");
        assertEquals(s2.get("suiteVersion"), m.get("suiteVersion"));
        assertFalse(m.has("shard"));
        assertEquals(List.of("1/3", "2/3", "3/3"), m.get("shards").findValuesAsText("shard"));
        assertTrue(Files.isRegularFile(out.resolve("results").resolve("index.html")));
        String html = Files.readString(out.resolve("results").resolve("index.html"));
        for (String t : planned) assertTrue(html.contains(t), t + " in the merged HTML report");
        String text = Files.readString(out.resolve("summary.txt"));
        assertTrue(text.startsWith("\nstress gate: suite ci, 3 shards merged (1/3, 2/3, 3/3), mode quick, " + planned.size()
                + " tests, 306 s\n"), text);
        assertTrue(text.endsWith("stress gate: PASS (" + planned.size() + " passed, 0 failed of " + planned.size() + ")\n"), text);
        // Apart from its header line, the merged text is the unsharded one.
        String expected = new String(getClass().getResourceAsStream(RUN + "summary.txt").readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expected.substring(expected.indexOf('\n', 1)), text.substring(text.indexOf('\n', 1)));
    }

    @Test
    void aFailedShardFailsTheMergeWithExitOneAndItsProblemsNamed() throws Exception {
        Path a = shard("s1", 1, 2, "quick", planned);
        Path b = Files.createDirectories(tmp.resolve("s2"));
        List<String> mine = new Shard(2, 2).select(planned);
        DiskWriteCollector w = new DiskWriteCollector(b.resolve("jcstress-results-shard.bin.gz").toString());
        for (TestResult r : results) if (mine.contains(r.getName())) w.add(r);
        w.close();
        Gate.judge("ci", "quick", mine, b, new JcstressLaunch.Run(log, 1, 50), SuiteVersion.of(planned),
                new SummaryJson.ShardOf(2, 2, planned.size()));
        Path out = tmp.resolve("merged");
        assertEquals(Gate.FAILED, merge(out, a, b));
        JsonNode m = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertFalse(m.get("passed").asBoolean());
        assertEquals("shard 2/2: jcstress exited with 1", m.get("problems").get(0).asText());
        assertEquals(1, m.get("jcstressExitCode").asInt());
    }

    @Test
    void aMissingDuplicatedOrForeignShardIsBadInputOfOneLineAndWritesNothing() throws Exception {
        Path a = shard("s1", 1, 3, "quick", planned);
        Path b = shard("s2", 2, 3, "quick", planned);
        Path c = shard("s3", 3, 3, "quick", planned);
        Path out = tmp.resolve("merged");
        assertBad("shard 2/3 is missing: merge all 3 shards of the run", out, a, c);
        assertBad("shards 2/3, 3/3 are missing: merge all 3 shards of the run", out, a);
        assertBad("shard 2/3 given twice: " + b + " and " + b, out, a, b, b, c);
        // Another suite: one test fewer in the plan (another commit's jar, or another --filter).
        Path other = shard("other", 3, 3, "quick", planned.subList(1, planned.size()));
        String m = assertBad(null, out, a, b, other);
        assertTrue(m.startsWith("cannot merge shards of different runs: " + a + " has suite version sha256:"), m);
        Path sanity = shard("sanity", 3, 3, "sanity", planned);
        assertBad("cannot merge shards of different runs: " + a + " has mode quick, " + sanity + " sanity", out, a, b, sanity);
        Path four = shard("four", 3, 4, "quick", planned);
        assertBad("cannot merge shards of different runs: " + a + " has shard count 3, " + four + " 4", out, a, b, four);
        // An unsharded run's directory, and one without a summary.
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.copy(tmp.resolve(RESULTS), plain.resolve(RESULTS));
        Gate.judge("ci", "quick", planned, plain, new JcstressLaunch.Run(log, 0, 300));
        assertBad(plain.resolve("summary.json") + " is not a shard's summary (it was not run with --shard I/N)", out, a, b, plain);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertBad(empty + " has no summary.json: that shard did not finish, or this is not its directory", out, a, b, empty);
        Files.writeString(empty.resolve("summary.json"), "{ not json");
        assertTrue(assertBad(null, out, a, b, empty).startsWith(empty.resolve("summary.json") + " is not a stress gate summary: "));
        // A shard directory that lost jcstress's results (an artifact upload of the summaries only).
        Files.delete(c.resolve("jcstress-results-shard.bin.gz"));
        assertBad(c + " (shard 3/3) holds no jcstress-results-*.bin.gz: merge the whole directory the shard wrote", out, a, b, c);
        assertBad("usage: Gate merge --out DIR SHARD_DIR...", null, a);
        assertFalse(Files.exists(out), "a refused merge writes nothing");
    }

    /** Asserts the merge is refused with {@code expected} (null: any), one line; returns the message. */
    private String assertBad(String expected, Path out, Path... dirs) {
        BadInput e = assertThrows(BadInput.class, () -> {
            if (out == null) {
                List<String> args = new ArrayList<>(List.of("merge"));
                for (Path d : dirs) args.add(d.toString());
                Gate.run(args.toArray(String[]::new));
            } else {
                merge(out, dirs);
            }
        });
        if (expected != null) assertEquals(expected, e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }
}
