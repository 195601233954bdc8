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

    /** docs/stress.md and README quote 120 generated tests; docs/bench.md lists the six benchmark transitions. */
    @Test
    void theStressSuiteRaces8TransitionsInto120TestsAndTheBenchmarksTime6() {
        assertEquals(8, RepresentativeTransition.stressed().size());
        assertEquals(192, StressSuite.cases().size());
        assertEquals(List.of("vtd-fl-newdid", "vtd-fl-samedid", "vtd-sl-fl", "ste-s1-s2", "ste-s1bypass-ssid0", "cd-asid"),
                RepresentativeTransition.benchmarked().stream().map(RepresentativeTransition::id).toList());
    }
}
