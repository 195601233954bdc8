package dev.hitless.stress.gate;

import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the per-configuration results jcstress wrote ({@code jcstress-results-*.bin.gz} in its working directory)
 * through jcstress's own {@link DiskReadCollector}, so counts and gradings are exactly jcstress's.
 */
final class JcstressResults {
    private JcstressResults() {
    }

    /** Every result in {@code dir}: one per test and JVM configuration (and fork). */
    static List<TestResult> read(Path dir) throws IOException {
        List<Path> bins;
        try (Stream<Path> s = Files.list(dir)) {
            bins = s.filter(p -> p.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz")).toList();
        }
        InProcessCollector c = new InProcessCollector();
        for (Path bin : bins) {
            DiskReadCollector r = new DiskReadCollector(bin.toString(), c);
            try {
                r.dump();
            } catch (ClassNotFoundException e) {
                throw new IOException("cannot read " + bin + ": " + e, e);
            } finally {
                r.close();
            }
        }
        return new ArrayList<>(c.getTestResults());
    }
}
