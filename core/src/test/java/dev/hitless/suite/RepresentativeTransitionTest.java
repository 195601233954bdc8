package dev.hitless.suite;

import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one list of representative transitions, and the sizes the docs quote for the two tools that use it. */
class RepresentativeTransitionTest {

    @Test
    void everyTransitionIsARealChangeThatEveryBuiltInOrderingCompletesBothWays() {
        for (RepresentativeTransition t : RepresentativeTransition.values()) {
            assertNotEquals(t.a(), t.b(), t.id());
            for (Ordering o : Orderings.builtIns()) {
                if (!o.appliesTo(t.format())) {
                    assertThrows(IllegalArgumentException.class, () -> t.planAB(o), o.name() + " " + t.id());
                    continue;
                }
                t.planAB(o);
                t.planBA(o);
            }
        }
    }

    @Test
    void stressTransitionsAreCatalogueNamesBecauseTestClassNamesAreMadeOfThem() {
        for (RepresentativeTransition t : RepresentativeTransition.stressed()) {
            Set<String> names = t.format().catalogue().stream().map(NamedConfig::name).collect(Collectors.toSet());
            assertTrue(names.contains(t.fromSpec()) && names.contains(t.toSpec()), t.id() + " is not catalogue-named");
        }
    }

    @Test
    void idsAreUniqueAndLookedUpWithASentenceOnATypo() {
        assertEquals(RepresentativeTransition.values().length,
                Arrays.stream(RepresentativeTransition.values()).map(RepresentativeTransition::id).distinct().count());
        assertEquals(RepresentativeTransition.CD_ASID, RepresentativeTransition.byId("cd-asid"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepresentativeTransition.byId("cd-asdi"));
        assertTrue(e.getMessage().contains("expected one of vtd-fl-newdid, "), e.getMessage());
    }

    /**
     * docs/stress.md and README quote the generated suite's size (192 tests on VT-d and SMMUv3, 24 on the DTE, 12 on
     * the RISC-V DC, 6 on the VT-d legacy context entry); docs/bench.md lists the benchmark transitions.
     */
    @Test
    void theStressSuiteRaces13TransitionsInto234TestsAndTheBenchmarksTime10() {
        assertEquals(13, RepresentativeTransition.stressed().size());
        assertEquals(234, StressSuite.cases().size());
        assertEquals(192, StressSuite.cases().stream().filter(c -> List.of("vtd-pasid", "smmu-ste", "smmu-cd").contains(c.format())).count());
        assertEquals(12, StressSuite.cases().stream().filter(c -> c.format().equals("riscv-dc")).count());
        assertEquals(6, StressSuite.cases().stream().filter(c -> c.format().equals("vtd-context-legacy")).count());
        assertEquals(List.of("vtd-fl-newdid", "vtd-fl-samedid", "vtd-sl-fl", "ste-s1-s2", "ste-s1bypass-ssid0", "cd-asid",
                        "dte-v1-v2", "dte-gpt-level", "riscv-s1-root2", "vtdctx-legacy-clear"),
                RepresentativeTransition.benchmarked().stream().map(RepresentativeTransition::id).toList());
    }

    /**
     * On the DTE the suite races AMD-Vi's own orderings under the reader presets that read differently: the 256-bit
     * fetch (strict; ascending is the same one-chunk read), sticky and the what-if strict-128 and strict-64. The
     * other formats keep every ordering that applies and the three presets.
     */
    @Test
    void theDteRacesItsOwnOrderingsUnderItsDistinctReaders() {
        var dte = dev.hitless.format.Formats.byName("amd-dte");
        assertEquals(List.of("amd-update-dte256", "xen-no-cx16", "amd-2009-v-first"), StressSuite.orderings(dte).stream().map(Ordering::name).toList());
        assertEquals(List.of("strict", "sticky", "strict-128", "strict-64"), dev.hitless.reader.ReaderModel.presets(dte));
        for (String f : List.of("vtd-pasid", "smmu-ste", "smmu-cd")) {
            var format = dev.hitless.format.Formats.byName(f);
            assertEquals(Orderings.builtInsFor(format).stream().map(Ordering::name).toList(),
                    StressSuite.orderings(format).stream().map(Ordering::name).toList(), f);
            assertEquals(dev.hitless.reader.ReaderModel.PRESETS, dev.hitless.reader.ReaderModel.presets(format), f);
        }
    }
}
