package dev.hitless.stress;

import dev.hitless.stress.tags.TagRace;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jcstress.infra.runners.TestList;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every cache-tag jcstress test's outcome table is the checker's ({@link OutcomeTablesTest#assertRowsAreTheChecker}):
 * the ids it accepts are exactly {@link TagRace#possibleIds} (the unmap clean, or STALE of the unmapped domain where
 * the checker finds it; no leak, or the leaks the checker finds), {@code clean, no-leak} ACCEPTABLE and the others
 * ACCEPTABLE_INTERESTING; a {@link MustObserveTag} test is a known-bad sequence that must observe an outcome the
 * checker allows.
 */
class TagTablesTest {

    static List<String> tagTests() {
        return TestList.tests().stream().filter(t -> t.startsWith("dev.hitless.stress.tags.")).sorted().toList();
    }

    @Test
    void theStaleTestAndItsControlAreListed() {
        assertEquals(List.of("dev.hitless.stress.tags.LateTagAssignmentGoesStale",
                "dev.hitless.stress.tags.LateTagAssignmentGoesStale.Corrected"), tagTests());
    }

    @TestFactory
    Stream<DynamicTest> outcomeTablesMatchTheChecker() {
        return tagTests().stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    static void check(String name) throws Exception {
        Class<?> c = Class.forName(TestList.getInfo(name).binaryName());
        Field f = c.getDeclaredField("SETUP");
        f.setAccessible(true);
        TagRace.Setup setup = (TagRace.Setup) f.get(null);
        Set<String> possible = new TreeSet<>(TagRace.possibleIds(setup));
        OutcomeTablesTest.assertRowsAreTheChecker(name, c, possible, id -> TagRace.outcomes(id).isEmpty(),
                " " + setup.result().sequence().name() + ": " + setup.result().outcomes());
        MustObserveTag must = c.getAnnotation(MustObserveTag.class);
        if (must != null) {
            assertTrue(possible.stream().anyMatch(id -> TagRace.outcomes(id).stream().anyMatch(o -> o.kind() == must.value())),
                    name + " must observe " + must.value() + ", but the checker says it is impossible");
            assertTrue(setup.result().sequence().knownBad(), name + ": only a known-bad sequence must fail");
        }
    }
}
