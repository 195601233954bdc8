package dev.hitless.synth;

import dev.hitless.check.Requirement;
import dev.hitless.format.Formats;
import dev.hitless.plan.Claim;
import dev.hitless.reader.ReaderModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optimality table of docs/synthesis.md, pinned: over the whole catalogue, under each format's strict reader and
 * visibility, the used-bits algorithm is optimal in entry syncs except on two SMMUv3 STE transitions, and no hitless
 * plan exists exactly where it takes its breaking path.
 */
class OptimalityTest {
    static List<Optimality.Row> rows;

    @BeforeAll
    static void run() {
        rows = Optimality.run(Formats.all(), ReaderModel::strict, false);
    }

    @Test
    void theOptimumIsNeverWorseThanTheBuiltIn() {
        assertEquals(240, rows.size());
        for (Optimality.Row r : rows) {
            var best = r.optimum().orElseThrow();
            String where = r.format().name() + " " + r.transition();
            if (r.builtIn().meets(Requirement.HITLESS)) assertTrue(r.hitlessExists(), where);
            if (r.builtIn().meets(r.hitlessExists() ? Requirement.HITLESS : Requirement.SAFE)) {
                assertTrue(best.entrySyncCount() <= r.builtInPlan().entrySyncCount(), where);
            }
        }
    }

    @Test
    void noHitlessPlanExactlyWhereUsedBitsBreaks() {
        for (Optimality.Row r : rows) {
            assertEquals(r.builtInPlan().claim() == Claim.BREAKING, !r.hitlessExists(), r.format().name() + " " + r.transition());
        }
        assertEquals(18, rows.stream().filter(r -> r.format() == Formats.vtd() && !r.hitlessExists()).count());
        assertEquals(52, rows.stream().filter(r -> r.format() == Formats.ste() && !r.hitlessExists()).count());
        assertEquals(10, rows.stream().filter(r -> r.format() == Formats.cd() && !r.hitlessExists()).count());
    }

    /**
     * Under the ascending reader (chunks in address order) a hitless plan exists on the same transitions, and 142 of
     * 240 need one sync fewer than used-bits: 62 hitless ones and the 80 breaking ones (docs/synthesis.md).
     */
    @Test
    void anAscendingReaderSavesASyncOn142Transitions() {
        List<Optimality.Row> asc = Optimality.run(Formats.all(), f -> ReaderModel.preset("ascending", f), false);
        int hitless = 0, breaking = 0;
        for (int i = 0; i < rows.size(); i++) {
            Optimality.Row s = rows.get(i), a = asc.get(i);
            assertEquals(s.hitlessExists(), a.hitlessExists(), a.transition());
            int fewer = a.builtInPlan().entrySyncCount() - a.optimum().orElseThrow().entrySyncCount();
            assertTrue(fewer == 0 || fewer == 1, a.transition());
            if (fewer == 1 && a.hitlessExists()) hitless++;
            if (fewer == 1 && !a.hitlessExists()) breaking++;
        }
        assertEquals(62, hitless);
        assertEquals(80, breaking);
    }

    /** Every proof of the catalogue gives the mailing-list reason: used fields of both ends in two or more store units. */
    @Test
    void everyProofNamesUsedFieldsInTwoOrMoreStoreUnits() {
        for (Optimality.Row r : rows) {
            r.hitless().proof().ifPresent(p -> assertTrue(p.units() >= 2, r.format().name() + " " + r.transition() + ": " + p.together()));
        }
    }

    @Test
    void usedBitsIsOptimalButForTheAtsAndCdTableSwap() {
        List<String> notOptimal = rows.stream().filter(r -> !r.builtInOptimal())
                .map(r -> r.format().name() + " " + r.transition()).toList();
        assertEquals(List.of("smmu-ste s1-ats -> s1-cdtab-b", "smmu-ste s1-cdtab-b -> s1-ats"), notOptimal);
        for (Optimality.Row r : rows) {
            if (r.builtInOptimal()) continue;
            assertEquals(2, r.builtInPlan().entrySyncCount());
            assertEquals(1, r.optimum().orElseThrow().entrySyncCount(), "EATS is update-safe: one window stores it with S1ContextPtr");
        }
    }
}
