package dev.hitless.cli;

import dev.hitless.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hitless.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hitless synthesize}: exit codes, what it prints, and that its plan files work as orderings. */
class SynthesizeCommandTest {
    static final String[] VTD = {"synthesize", "--format", "vtd-pasid", "--from", "fl-did5-a"};

    @TempDir
    Path dir;

    @Test
    void aPlanIsPrintedReVerifiedAndAsAPlanFile() {
        Run r = run(CliTest.with(VTD, "--to", "fl-did5-b"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("synthesized on vtd-pasid: hitless, 1 entry sync, 1 store"), r.out());
        assertTrue(r.out().contains("re-verified by the checker:"), r.out());
        assertTrue(r.out().contains("require  hitless: met"), r.out());
        assertTrue(r.out().contains("  ordering synthesized"), r.out());
        assertTrue(r.out().contains("search   "), r.out());
    }

    @Test
    void noPlanPrintsTheProofAndExits1() {
        Run r = run(CliTest.with(VTD, "--to", "fl-did6-b"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("no hitless plan exists in the space"), r.out());
        assertTrue(r.out().contains("they would have to change in one atomic store, but they lie in 2 store units"), r.out());
        assertEquals("", r.err());
        Run safe = run(CliTest.with(VTD, "--to", "fl-did6-b", "--require", "safe"));
        assertEquals(0, safe.code());
        assertTrue(safe.out().contains("synthesized on vtd-pasid: breaking, 3 entry syncs"), safe.out());
    }

    @Test
    void intermediatesGiveTheTemporaryDidRoute() throws IOException {
        Path file = dir.resolve("route.plan");
        Run r = run(CliTest.with(VTD, "--to", "fl-did6-b", "--intermediates", "--save-plan", file.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 legs, 3 entry syncs"), r.out());
        assertTrue(r.out().contains("DID=0xa is a temporary tag"), r.out());
        assertTrue(r.out().contains("hitless check --attach vtd-temporary-tag"), r.out());
        assertTrue(Files.readString(file).contains("else when current == entry("), "one branch per leg");
        Run none = run(CliTest.with(VTD, "--to", "fl-5level", "--intermediates"));
        assertEquals(1, none.code());
        assertTrue(none.out().contains("no route through intermediate configurations either"), none.out());
    }

    @Test
    void theSavedPlanIsAnOrderingTheCheckerAccepts() throws IOException {
        Path file = dir.resolve("s1.plan");
        String[] t = {"--format", "smmu-ste", "--from", "s1-ats", "--to", "s1-cdtab-b"};
        Run r = run(CliTest.with(CliTest.with(new String[]{"synthesize"}, t), "--save-plan", file.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hitless, 1 entry sync, 2 stores"), r.out());
        Run check = run(CliTest.with(CliTest.with(new String[]{"check"}, t), "--ordering", file.toString(), "--require", "hitless"));
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("verdict  HITLESS"), check.out());
    }

    @Test
    void matrixNamesTheFindingsAndPrintsItsFigures() throws IOException {
        Path file = dir.resolve("optimum.plan");
        Run r = run("synthesize", "--matrix", "--format", "smmu-ste", "--save-plan", file.toString());
        assertEquals(1, r.code(), "some transitions have no hitless plan: " + r.err());
        assertTrue(r.out().contains("used-bits-64 is optimal on 108 of 110; 58 transitions have a hitless plan, 52 have none"), r.out());
        assertTrue(r.out().contains("s1-ats -> s1-cdtab-b (1 entry sync more than the optimum 1/2)"), r.out());
        assertTrue(r.out().contains("total: 110 transitions synthesised and re-verified in "), r.out());
        assertTrue(r.out().contains(" sync-point entries explored, "), r.out());
        Run m = run("matrix", "--format", "smmu-ste", "--ordering", file.toString(), "--reader", "strict", "--visibility", "barrier-ordered");
        assertEquals(0, m.code(), "the optimum plans meet their claims: " + m.out());
        assertEquals(0, run("synthesize", "--matrix", "--format", "smmu-cd", "--require", "safe").code());
        assertFalse(run("synthesize", "--matrix", "--format", "vtd-pasid").out().contains("NOT OPTIMAL"));
    }
}
