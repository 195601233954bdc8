package dev.hitless.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the corpus tool working: it makes at least 3,000 cases in every group, and a sample of them (every 150th,
 * about 28 cases, C ones included where there is a compiler) runs without a violation. The whole corpus is
 * {@code core/run-hostile-corpus.sh} (docs/hostile-input.md).
 */
class HostileCorpusTest {
    @TempDir
    Path root;

    @Test
    void aSampleOfTheCorpusRunsClean() throws Exception {
        String before = System.getProperty("hitless.c.tmpdir");
        System.setProperty("hitless.c.tmpdir", root.resolve("c-build").toString());
        try {
            HostileCorpus corpus = new HostileCorpus(root);
            corpus.generate();
            List<HostileCorpus.Case> all = corpus.cases();
            assertTrue(all.size() >= 3000, all.size() + " cases");
            Map<String, Long> groups = all.stream().collect(Collectors.groupingBy(HostileCorpus.Case::group, Collectors.counting()));
            Set<String> expected = new TreeSet<>(Set.of("options", "plans", "attach", "specs", "outputs", "process"));
            Set<String> made = new TreeSet<>(groups.keySet());
            made.remove("c"); // only where there is a compiler
            assertEquals(expected, made);
            List<HostileCorpus.Case> sample = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 150) sample.add(all.get(i));
            List<HostileCorpus.Result> results = corpus.run(sample);
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            boolean clean = HostileCorpus.report(results, new PrintStream(text, true, StandardCharsets.UTF_8));
            assertTrue(clean, text.toString(StandardCharsets.UTF_8));
        } finally {
            if (before == null) System.clearProperty("hitless.c.tmpdir");
            else System.setProperty("hitless.c.tmpdir", before);
        }
    }
}
