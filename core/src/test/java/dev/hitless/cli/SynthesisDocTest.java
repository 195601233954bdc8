package dev.hitless.cli;

import dev.hitless.format.Formats;
import dev.hitless.reader.ReaderModel;
import dev.hitless.synth.Optimality;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/synthesis.md cannot drift from the synthesiser: its optimality table is what {@code hitless synthesize --matrix}
 * prints today, every line, the times aside.
 */
class SynthesisDocTest {
    private static final Path DOC = Path.of("..", "docs", "synthesis.md");
    private static final String FIRST = "synthesize --matrix: the used-bits algorithm";

    @Test
    void theOptimalityTableIsTheCommandsOutput() throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf("```\n" + FIRST) + 4;
        List<String> pasted = doc.substring(from, doc.indexOf("```", from)).lines().map(SynthesisDocTest::untimed).toList();
        List<String> now = SynthesisReport.text(Optimality.run(Formats.all(), ReaderModel::strict, false), Formats.all(), false, 0)
                .stream().map(SynthesisDocTest::untimed).toList();
        assertEquals(String.join("\n", now), String.join("\n", pasted));
    }

    /** The line without its times, which vary from run to run. */
    static String untimed(String line) {
        return line.replaceAll("[0-9.]+ ms", "T ms");
    }
}
