package dev.hitless.stress;

import dev.hitless.check.CheckResult;
import dev.hitless.reader.Observation;
import dev.hitless.suite.StressSuite;
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
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hitless jcstress test's outcome table agrees with the checker: the outcomes it accepts are exactly the
 * checker's outcome keys for the same plan and reader model, graded by judgement (OLD/NEW acceptable, TORN/BLOCKED
 * interesting), no FORBIDDEN row matches a key the checker allows, a catch-all FORBIDDEN row exists, and a
 * {@link MustObserve} test must observe a judgement the checker allows. This is the
 * review a hand-written table needs (a grading typo would silently turn a bug into "acceptable").
 */
class OutcomeTablesTest {

    static List<String> raceTests() {
        return TestList.tests().stream()
                .filter(t -> t.startsWith("dev.hitless.stress.showcase.") || t.startsWith(StressSuite.GENERATED_PACKAGE + "."))
                .sorted().toList();
    }

    @Test
    void everyShowcaseAndGeneratedTestIsListed() {
        List<String> all = raceTests();
        assertEquals(StressSuite.cases().size(), all.stream().filter(t -> t.startsWith(StressSuite.GENERATED_PACKAGE)).count());
        assertTrue(all.stream().filter(t -> t.startsWith("dev.hitless.stress.showcase.")).count() >= 5, all.toString());
    }

    @TestFactory
    Stream<DynamicTest> outcomeTablesMatchTheChecker() {
        return raceTests().stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    /**
     * {@code c}'s {@code @Outcome} rows against {@code possible}, the ids the checker allows: the accepted ids are
     * exactly those, graded ACCEPTABLE when {@code good} says so and ACCEPTABLE_INTERESTING otherwise; no FORBIDDEN row
     * matches one; a catch-all FORBIDDEN row exists. {@code context} ends the message of a mismatch.
     */
    static void assertRowsAreTheChecker(String name, Class<?> c, Set<String> possible, Predicate<String> good, String context) {
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
                    assertEquals(good.test(id) ? Expect.ACCEPTABLE : Expect.ACCEPTABLE_INTERESTING, o.expect(),
                            name + ": row '" + id + "' graded " + o.expect());
                }
            }
        }
        assertTrue(catchAll, name + ": no catch-all FORBIDDEN row");
        assertEquals(possible, accepted, name + ": accepted outcomes differ from the checker's outcome keys for" + context);
    }

    static void check(String name) throws Exception {
        Class<?> c = Class.forName(TestList.getInfo(name).binaryName());
        Field f = c.getDeclaredField("SETUP");
        f.setAccessible(true);
        Race.Setup setup = (Race.Setup) f.get(null);
        CheckResult r = setup.check();
        Set<String> keys = new TreeSet<>(r.sortedOutcomeKeys());

        assertRowsAreTheChecker(name, c, keys, id -> Observation.parse(id).isOldOrNew(), "\n" + setup.plan());
        MustObserve must = c.getAnnotation(MustObserve.class);
        if (must != null) {
            assertTrue(r.seen().contains(must.value()), name + " must observe " + must.value()
                    + ", but the checker says it is impossible");
        }
    }
}
