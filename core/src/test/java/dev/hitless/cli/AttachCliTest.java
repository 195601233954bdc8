package dev.hitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hitless.cli.CliTest.VTD_CHECK;
import static dev.hitless.cli.CliTest.run;
import static dev.hitless.cli.CliTest.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attach axis on the command line: what check and matrix print, their exit codes, bad attach files. */
class AttachCliTest {

    @Test
    void checkPrintsTheShortestStaleRunInThreeLanesAndFails() {
        CliTest.Run r = run(with(VTD_CHECK, "--ordering", "used-bits-128", "--attach", "vtd-rid-2024"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("caches   STALE: stale-new over every interleaving of writer, unmapper and device"), r.out());
        assertTrue(r.out().contains("shortest run to STALE (5 moves;"), r.out());
        assertTrue(r.out().matches("(?s).*#  writer +\\| unmapper +\\| device.*"), r.out());
        assertTrue(r.out().contains("read the list: empty (the device is not on it)"), r.out());
        assertTrue(r.out().contains("=> STALE: the unmap of the new domain's page has completed, yet IOTLB[DID 0x6] -> new page"), r.out());
    }

    @Test
    void theDefaultSequenceIsCleanAndTheCheckPassesAsBefore() {
        CliTest.Run r = run(with(VTD_CHECK, "--ordering", "used-bits-128"));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("attach   vtd-corrected: "), r.out());
        assertTrue(r.out().contains("caches   clean: no STALE, no LEAK"), r.out());
        assertTrue(r.out().contains("overall  BREAKING; require safe: met"), r.out());
    }

    @Test
    void aUsersAttachFileRunsAndItsErrorsAreOneLine(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("mine.attach");
        Files.writeString(mine, run("example", "vtd-corrected").out().replace("attach vtd-corrected", "attach mine")
                .replace("list add new                 # cache_tag_assign_domain(new, dev, pasid)\n", "")
                .replace("flush iotlb old", "list add new\nflush iotlb old"));
        CliTest.Run r = run(with(VTD_CHECK, "--ordering", "used-bits-128", "--attach", mine.toString()));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("caches   STALE: stale-new"), r.out());

        Files.writeString(mine, "attach mine\nabout x\nswitch\nflush tlb\n");
        CliTest.Run bad = run(with(VTD_CHECK, "--ordering", "used-bits-128", "--attach", mine.toString()));
        assertEquals(2, bad.code());
        assertEquals("hitless: error: " + mine + ":4:7: expected iotlb or devtlb, found 'tlb'\n", bad.err());
        assertEquals("", bad.out());
    }

    @Test
    void aTemporaryTagWithoutATagFieldIsBadInput() {
        CliTest.Run r = run("check", "--format", "smmu-ste", "--from", "s1-ssid0", "--to", "s1-cdtab-b", "--ordering", "used-bits-64",
                "--attach", "vtd-temporary-tag");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().startsWith("hitless: error: --attach vtd-temporary-tag: the smmu-ste entry of the old domain carries no cache tag"), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void theMatrixShowsWhichSequencesFailAndWhy() {
        CliTest.Run r = run("matrix", "--format", "vtd-pasid", "--ordering", "used-bits-128", "--reader", "strict",
                "--visibility", "in-order", "--attach", "all");
        // the known-bad sequences are expected to fail; SMMUv3's order fails where the two domains share the DID
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("used-bits-128 / arm-prepare-commit / in-order / strict: 10 transitions fail\n"), r.out());
        assertTrue(r.out().contains("fl-did5-a -> fl-did5-b         STALE (stale-old)"), r.out());
        assertTrue(r.out().contains("result: FAIL, 10 of 860 cells violate their requirement"), r.out());
        assertTrue(r.out().contains("attach vtd-rid-2024 (known-bad): "), r.out());
        assertTrue(r.out().matches("(?s).*\n  used-bits-128 +vtd-corrected +in-order \\(format default\\) +strict +92 +18 +0 +0 +0 +0 .*"), r.out());
        assertTrue(r.out().matches("(?s).*\n +vtd-rid-2024 +in-order \\(format default\\) +strict +\\d+ +\\d+ +0 +90 +0 +0 .*"), r.out());
        assertTrue(r.out().contains("used-bits-128 / vtd-rid-2024 / in-order / strict: 90 transitions fail (expected: known-bad attach sequence)"), r.out());
        assertTrue(r.out().contains("STALE (stale-new): after an unmap of the new domain's page completed, the device still translates to that page; shortest run 5 moves"), r.out());
        // the temporary tag cannot be written into a not-present entry (it uses no DID): those 20 cells are skipped, counted
        assertTrue(r.out().contains("skipped 20 cells: the attach sequence moves the entry to a temporary tag"), r.out());
    }
}
