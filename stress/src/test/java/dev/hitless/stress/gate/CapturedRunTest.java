package dev.hitless.stress.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole judging half of the gate on a captured run: {@code gate/ci-run/} holds what
 * {@code stress/run-suite.sh ci -- -sc false} left behind (jcstress's console log and binary results, and the
 * summaries the gate wrote from them, 308 s). Judging them again must give the same verdict and the same
 * {@code summary.txt} and {@code summary.json}, byte for byte but for the absolute report path. The gate plans the
 * tests the captured run planned (its {@code summary.json}), so the fixture outlives a change of the CI subset.
 */
class CapturedRunTest {
    private static final String RUN = "/gate/ci-run/";
    private static final String RESULTS = "jcstress-results-2026-12-01-02-44-40.bin.gz";

    private static String resource(String name) throws IOException {
        try (InputStream in = CapturedRunTest.class.getResourceAsStream(RUN + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void judgingTheCapturedRunAgainGivesTheSameVerdictAndSummaries(@TempDir Path out) throws IOException {
        try (InputStream in = CapturedRunTest.class.getResourceAsStream(RUN + RESULTS)) {
            Files.copy(in, out.resolve(RESULTS));
        }
        List<String> log = resource("jcstress.log").lines().toList();
        // The tests the captured run planned (the CI subset of its day), not today's subset: the fixture stays valid.
        ObjectMapper json = new ObjectMapper();
        ObjectNode expected = (ObjectNode) json.readTree(resource("summary.json"));
        List<String> planned = new ArrayList<>();
        expected.get("tests").forEach(t -> planned.add(t.get("name").asText()));
        int code = Gate.judge("ci", "quick", planned, out, new JcstressLaunch.Run(log, 0, 308.0));

        assertEquals(Gate.OK, code);
        assertEquals(resource("summary.txt"), Files.readString(out.resolve("summary.txt")));
        ObjectNode actual = (ObjectNode) json.readTree(out.resolve("summary.json").toFile());
        assertTrue(actual.get("report").asText().endsWith("results/index.html"));
        expected.remove("report");
        actual.remove("report");
        assertEquals(expected, actual);
    }
}
