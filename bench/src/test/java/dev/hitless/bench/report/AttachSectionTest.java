package dev.hitless.bench.report;

import dev.hitless.bench.AttachBench;
import dev.hitless.bench.SyncLatency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AttachBench section on a small JMH JSON file with round numbers (jmh-attach-sample.json: 3 replace results and
 * 3 unmap-group results on vtd-fl-newdid, sync 0), so every ratio is known exactly.
 */
class AttachSectionTest {
    @TempDir
    Path out;

    private String report() throws Exception {
        List<JmhResult> rs = JmhResult.read(Path.of(AttachSectionTest.class.getResource("/jmh-attach-sample.json").toURI()));
        assertEquals(6, rs.size());
        Report.generate(rs, out, new Report.Meta("attach", "", "", ""), List.of("AttachBench"));
        return Files.readString(out.resolve("report.md"));
    }

    @Test
    void replaceRowsAreMedianRatiosToTheBareEntryOrderingAndToTheCorrectedSequence() throws Exception {
        String md = report();
        // Medians 90, 270, 540 (means 100, 300, 600): vtd-corrected 3x entry-only, the temporary tag 6x and 2x corrected.
        assertTrue(md.contains("| vtd-fl-newdid | used-bits-128 | 0 | vtd-corrected | 1 switch, 3 entry syncs, 3 stores, 1 IOTLB flush, "
                + "1 device-TLB flush, 2 list updates | 0 | 270.0 | 300.0 | 30.00 | ns/op | 3.000 | 1.000 |"), md);
        assertTrue(md.contains("| vtd-temporary-tag | 3 switches, "), md);
        assertTrue(md.contains("| 0 | 540.0 | 600.0 | 60.00 | ns/op | 6.000 | 2.000 |"), md);
        assertTrue(Files.size(out.resolve("attach-replace-cost-sync-0.png")) > 1000);
        assertTrue(!md.contains(".png)\n\n| "), "a chart inside a table breaks it\n" + md);
    }

    @Test
    void theModelledWaitIsEverySyncAndFlushAtItsLatency() {
        var lat = SyncLatency.parse("entry=1000/iotlb=100/devtlb=10");
        // vtd-fl-newdid under used-bits-128: 3 entry syncs; vtd-corrected adds one IOTLB and one device-TLB flush.
        assertEquals(3000, AttachBench.modelledWaitNanos(AttachBench.checked("vtd-fl-newdid", "used-bits-128", "entry-only"), lat));
        assertEquals(3110, AttachBench.modelledWaitNanos(AttachBench.checked("vtd-fl-newdid", "used-bits-128", "vtd-corrected"), lat));
        // The temporary-tag route: three one-sync switches, two IOTLB flushes, one device-TLB flush.
        assertEquals(3210, AttachBench.modelledWaitNanos(AttachBench.checked("vtd-fl-newdid", "used-bits-128", "vtd-temporary-tag"), lat));
    }

    @Test
    void unmapRowsGiveInvalidationsPerUnmapOfEachDomainAgainstTheCorrectedSequence() throws Exception {
        String md = report();
        // entry-only: the new domain's unmaps invalidate nothing; 1 per unmap over both domains against corrected's 2.
        assertTrue(md.contains("| vtd-fl-newdid | used-bits-128 | 0 | entry-only | 1,000 | 1,000 | 1.000 | 1.000 | 0 | 0 | 1.000 | 0.500 |"), md);
        assertTrue(md.contains("| vtd-fl-newdid | used-bits-128 | 0 | vtd-corrected | 1,000 | 1,000 | 1.000 | 1.000 | 1.000 | 1.000 | 2.000 | 1.000 |"), md);
        assertTrue(md.contains("| vtd-fl-newdid | used-bits-128 | 0 | vtd-temporary-tag | 1,000 | 1,000 | 2.000 | 1.000 | 2.000 | 1.000 | 3.000 | 1.500 |"), md);
    }

    @Test
    void aReplaceWithoutAMedianIsRefused() throws Exception {
        Path json = Path.of(AttachSectionTest.class.getResource("/jmh-attach-sample.json").toURI());
        Path broken = out.resolve("broken.json");
        Files.writeString(broken, Files.readString(json).replace("\"50.0\"", "\"51.0\""));
        List<JmhResult> rs = JmhResult.read(broken);
        ReportException e = assertThrows(ReportException.class, () -> Report.generate(rs, out.resolve("r"), new Report.Meta("a", "", "", "")));
        assertTrue(e.getMessage().contains("no median"), e.getMessage());
    }

    @Test
    void aResultWithoutAnUnmapCounterIsRefused() throws Exception {
        Path json = Path.of(AttachSectionTest.class.getResource("/jmh-attach-sample.json").toURI());
        Path broken = out.resolve("broken.json");
        Files.writeString(broken, Files.readString(json).replace("\"devtlbNew\"", "\"devtlbGone\""));
        List<JmhResult> rs = JmhResult.read(broken);
        ReportException e = assertThrows(ReportException.class, () -> Report.generate(rs, out.resolve("r"), new Report.Meta("a", "", "", "")));
        assertTrue(e.getMessage().contains("devtlbNew"), e.getMessage());
    }
}
