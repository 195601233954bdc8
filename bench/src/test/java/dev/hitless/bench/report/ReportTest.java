package dev.hitless.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report generator on a small JMH JSON file with round numbers (jmh-sample.json: 4 ReplaceBench results,
 * 4 ReplaceUnderFetchBench results, 2 MachineryBench results), so every ratio below is known exactly. That the
 * names in it are the benchmarks' real names is checked by {@link BenchNamesTest} and {@link ReportRealRunTest}.
 */
class ReportTest {
    @TempDir
    Path out;

    private static Path sample() throws URISyntaxException {
        return Path.of(ReportTest.class.getResource("/jmh-sample.json").toURI());
    }

    private String report() throws Exception {
        List<JmhResult> rs = JmhResult.read(sample());
        assertEquals(10, rs.size());
        List<Path> files = Report.generate(rs, out, new Report.Meta("sample", "bench/run-report.sh --quick", "test box", "s"));
        assertEquals(out.resolve("report.md"), files.get(0));
        return Files.readString(out.resolve("report.md"));
    }

    @Test
    void replaceRowsCarryScoreErrorUnitsPlanAndRatioToTeardown() throws Exception {
        String md = report();
        // used-bits-64's iterations 900, 1000, 1100 against clear-then-update's 4500, 5000, 5500: 0.200, and Fieller's
        // 95% interval with 4 degrees of freedom (t = 2.7764) is 0.15904 to 0.25151 (computed by hand, RatioIntervalTest).
        assertTrue(md.contains("| vtd-fl-samedid | 1000 | used-bits-64 | hitless, 1 sync | 1,000 | 100.0 | ns/op | 0.200 | 0.159 to 0.252 |"), md);
        // No spread in either: the interval is the point.
        assertTrue(md.contains("| cd-asid | 1000 | used-bits-64 | hitless, 1 sync | 1,000 | 100.0 | ns/op | 0.250 | 0.250 to 0.250 |"), md);
        // The baseline row: ratio 1 to itself, no interval.
        assertTrue(md.contains("| vtd-fl-samedid | 1000 | clear-then-update | breaking, 2 syncs | 5,000 | 500.0 | ns/op | 1.000 | (baseline) |"), md);
        assertTrue(md.contains("a used-bits-64 replace takes vtd-fl-samedid 0.200x (95%: 0.159 to 0.252; hitless), cd-asid 0.250x "
                + "(95%: 0.250 to 0.250; hitless) the time of a clear-then-update replace"), md);
        assertTrue(md.contains("| vs teardown | 95% interval |"), md);
    }

    @Test
    void raceRowsGiveBlockedAndTornPerReplaceAndAVerdict() throws Exception {
        String md = report();
        assertTrue(md.contains("| vtd-fl-samedid | clear-then-update | permuted | 1000 | 100,000 | 302,000 | 200,000 | 2,000 | 2,000 | 20.00 | 2.000 | 0.020 | 66.23 | **TORN** |"), md);
        assertTrue(md.contains("| cd-asid | clear-then-update | permuted | 1000 | 100,000 | 300,000 | 200,000 | 2,000 | 0 | 0 | 2.000 | 0 | 66.67 | breaking (device blocked) |"), md);
        assertTrue(md.contains("| cd-asid | used-bits-64 | permuted | 1000 | 100,000 | 100,000 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | hitless |"), md);
    }

    @Test
    void machineryRowsAreRatiosToTheirLongArrayBaseline() throws Exception {
        String md = report();
        // 3, 6, 9 against 1, 2, 3: three times as slow on average, but 3 iterations this spread cannot exclude 1.
        assertTrue(md.contains("| writeQword | 6.00 | 0.300 | ns/op | longArrayStore | 3.000 | 0.555 to 16.223 inconclusive |"), md);
        assertTrue(md.contains("| longArrayStore | 2.00 | 0.100 | ns/op | (baseline) |  |  |"), md);
    }

    @Test
    void chartsAreWrittenAsNonEmptyPngs() throws Exception {
        report();
        for (String name : List.of("replace-cost-sync-1000.png", "device-blocked-per-replace.png",
                "device-torn-per-replace.png", "machinery.png")) {
            Path png = out.resolve(name);
            assertTrue(Files.size(png) > 1000, name + " is empty or tiny");
            byte[] head = Files.readAllBytes(png);
            assertEquals((byte) 0x89, head[0], name + " is not a PNG");
            assertEquals('P', head[1]);
            assertTrue(Files.readString(out.resolve("report.md")).contains("](" + name + ")"), name + " not linked");
        }
    }

    @Test
    void aFileThatIsNotJmhOutputIsRejectedWithASentence() throws IOException {
        Path bad = out.resolve("bad.json");
        Files.writeString(bad, "{\"not\": \"jmh\"}");
        IOException e = assertThrows(IOException.class, () -> JmhResult.read(bad));
        assertTrue(e.getMessage().contains("not a JMH JSON result file"), e.getMessage());
        assertThrows(IOException.class, () -> Report.generate(List.of(), out, new Report.Meta("t", "", "", "")));
    }
}
