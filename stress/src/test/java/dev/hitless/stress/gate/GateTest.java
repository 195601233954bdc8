package dev.hitless.stress.gate;

import dev.hitless.check.Verdict;
import dev.hitless.suite.StressSuite;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate's planning and bad-input handling (running jcstress itself is what {@code mvn verify} exercises). */
class GateTest {

    @Test
    void ciSuiteIsTheShowcasePlusTwoGeneratedTestsAndTheStaleTestWithSixThatMustTearOneUninitialisedOneUntranslatedOneStale() {
        List<String> ci = SuitePlan.tests("ci", null);
        assertEquals(16, ci.size(), ci.toString());
        // The cache-tag must-detect test is in CI, its control (same race, STALE forbidden) only in the showcase suite.
        assertEquals(List.of("dev.hitless.stress.tags.LateTagAssignmentGoesStale"),
                ci.stream().filter(t -> MustDetect.required(t).equals(Optional.of(Verdict.STALE))).toList());
        assertTrue(SuitePlan.tests("showcase", null).contains("dev.hitless.stress.tags.LateTagAssignmentGoesStale.Corrected"));
        assertTrue(ci.stream().noneMatch(t -> t.endsWith("Corrected")), ci.toString());
        assertEquals(6, ci.stream().filter(t -> MustDetect.required(t).equals(Optional.of(Verdict.TORN))).count(), ci.toString());
        assertTrue(ci.contains("dev.hitless.stress.showcase.ContextTeardownTearsWithPlainStores"), ci.toString());
        assertTrue(ci.contains("dev.hitless.stress.showcase.ContextTeardownTearsWithPlainStores.Fixed"), ci.toString());
        assertTrue(ci.contains("dev.hitless.stress.showcase.UpdateDte256TearsUnlessFetchedWhole"), ci.toString());
        assertTrue(ci.contains("dev.hitless.stress.showcase.UpdateDte256TearsUnlessFetchedWhole.WholeFetch"), ci.toString());
        assertEquals(List.of("dev.hitless.stress.showcase.GptLevelChangePassesUntranslated"),
                ci.stream().filter(t -> MustDetect.required(t).equals(Optional.of(Verdict.UNTRANSLATED))).toList());
        assertEquals(List.of("dev.hitless.stress.showcase.MissingDmaWmbWalksUninitialisedTable"),
                ci.stream().filter(t -> MustDetect.required(t).equals(Optional.of(Verdict.UNINIT))).toList());
        assertTrue(ci.contains("dev.hitless.stress.showcase.StructCopyTears"));
    }

    @Test
    void generatedSuiteHasEveryCaseTwelveMustTearAndTwoMustWalkAStageTwoTableUninitialised() {
        List<String> gen = SuitePlan.tests("generated", null);
        assertEquals(StressSuite.cases().size(), gen.size());
        // 9 on VT-d and SMMUv3 (struct-copy, used-bits-128-draft), and on the DTE's host-to-GCR3 change Xen's
        // no-cmpxchg16b fallback and the pre-2009 V-word-first order (their GPT-level change writes one qword, one
        // word, and cannot tear), and the VT-d legacy context entry's pre-2026 teardown (two plain stores)
        assertEquals(12, gen.stream().filter(t -> MustDetect.required(t).equals(Optional.of(Verdict.TORN))).count());
        assertTrue(gen.contains(StressSuite.GENERATED_PACKAGE + ".amddte.XenNoCx16__V1L3A__V25level__Strict"));
        assertTrue(gen.contains(StressSuite.GENERATED_PACKAGE + ".amddte.Amd2009VFirst__V1L3A__V25level__Strict"));
        // Neither has a barrier before its stores: under barrier-ordered visibility the new S2TTB may reach the SMMU
        // before the new stage-2 table (only qword 3 changes, so neither can tear).
        assertEquals(List.of(StressSuite.GENERATED_PACKAGE + ".smmuste.StructCopy__S2Vmid1__S2Vmid1TtbB__Strict",
                        StressSuite.GENERATED_PACKAGE + ".smmuste.UsedBits64NoWmb__S2Vmid1__S2Vmid1TtbB__Strict"),
                gen.stream().filter(t -> MustDetect.required(t).equals(Optional.of(Verdict.UNINIT))).toList());
    }

    @Test
    void badInputIsExitCodeTwo() {
        assertThrows(BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "nosuch"}));
        assertThrows(BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "ci", "--mode", "fast"}));
        assertThrows(BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "ci", "--filter", "NoSuchTest"}));
        assertThrows(BadInput.class, () -> Gate.run(new String[] {"run"}));
        assertThrows(BadInput.class, () -> Gate.run(new String[0]));
    }

    /** More live states than the slot ring holds is refused before jcstress runs; the defaults and less pass. */
    @Test
    void moreLiveStatesThanTheSlotRingHoldsIsRefused() {
        BadInput e = assertThrows(BadInput.class,
                () -> GateOptions.parse(new String[] {"run", "--suite", "ci", "--", "-strideCount", "1000"}));
        assertTrue(e.getMessage().contains("256000 live states"), e.getMessage());
        assertThrows(BadInput.class, () -> GateOptions.parse(new String[] {"run", "--suite", "ci", "--", "-strideSize", "x"}));
        assertEquals(List.of("-sc", "false", "-strideSize", "512"),
                GateOptions.parse(new String[] {"run", "--suite", "ci", "--", "-sc", "false", "-strideSize", "512"}).extra());
        assertTrue(256L * 40 <= dev.hitless.stress.SlotRing.MAX_LIVE_STATES, "jcstress's defaults fit");
    }
}
