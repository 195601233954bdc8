package dev.hitless.stress.tags;

import dev.hitless.stress.MustObserveTag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.infra.runners.TestList;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every cache-tag jcstress test's outcome table is the checker's: the ids it accepts are exactly
 * {@link TagRace#possibleIds} (the unmap clean, or STALE of the unmapped domain where the checker finds it; no leak, or
 * the leaks the checker finds), the clean one ACCEPTABLE and the others ACCEPTABLE_INTERESTING; no FORBIDDEN row
 * matches a possible id; a catch-all FORBIDDEN row exists; a {@link MustObserveTag} test must observe an outcome the
 * checker allows. The review a hand-written table needs, as OutcomeTablesTest gives the entry tests.
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
        Set<String> accepted = new TreeSet<>();
        boolean catchAll = false;
        for (Outcome o : c.getAnnotationsByType(Outcome.class)) {
            if (o.id().length == 0 || (o.id().length == 1 && o.id()[0].isEmpty())) {
                assertEquals(Expect.FORBIDDEN, o.expect(), name + ": the catch-all row must be FORBIDDEN");
                catchAll = true;
                continue;
            }
            for (String id : o.id()) {
                if (o.expect() == Expect.FORBIDDEN) {
                    Pattern p = Pattern.compile(id);
                    for (String k : possible) {
                        assertFalse(p.matcher(k).matches(), name + ": FORBIDDEN row '" + id + "' matches '" + k
                                + "', which the checker says can happen");
                    }
                } else {
                    accepted.add(id);
                    boolean clean = TagRace.outcomes(id).isEmpty();
                    assertEquals(clean ? Expect.ACCEPTABLE : Expect.ACCEPTABLE_INTERESTING, o.expect(), name + ": row '" + id + "'");
                }
            }
        }
        assertTrue(catchAll, name + ": no catch-all FORBIDDEN row");
        assertEquals(possible, accepted, name + ": accepted outcomes differ from the checker's: " + setup.result().outcomes());
        MustObserveTag must = c.getAnnotation(MustObserveTag.class);
        if (must != null) {
            assertTrue(possible.stream().anyMatch(id -> TagRace.outcomes(id).stream().anyMatch(o -> o.kind() == must.value())),
                    name + " must observe " + must.value() + ", but the checker says it is impossible");
            assertTrue(setup.result().sequence().knownBad(), name + ": only a known-bad sequence must fail");
        }
    }
}
