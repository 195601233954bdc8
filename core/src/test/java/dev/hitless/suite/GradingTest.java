package dev.hitless.suite;

import dev.hitless.check.CheckResult;
import dev.hitless.reader.Observation;
import dev.hitless.suite.Grading.Grade;
import dev.hitless.suite.Grading.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outcome table derived from the checker: one row per observation key, then the FORBIDDEN rows. */
class GradingTest {
    /** Two critical quanta stored 64 bits at a time: BLOCKED mixes, never TORN. */
    static final StressCase CASE = new StressCase("vtd-pasid", "used-bits-64", "fl-did5-a", "fl-did6-b", "strict");

    @Test
    void rowsAreTheCheckersObservationsByKeyThenTheImpossibleJudgements() {
        CheckResult r = CASE.check();
        List<Row> rows = Grading.rows(r, Grading.examples(r));
        List<String> keys = r.sortedOutcomeKeys();
        assertEquals(keys, rows.subList(0, keys.size()).stream().map(Row::id).toList());
        for (Row row : rows.subList(0, keys.size())) {
            Observation o = Observation.parse(row.id());
            assertEquals(o.isOldOrNew() ? Grade.ACCEPTABLE : Grade.INTERESTING, row.grade(), row.id());
            assertEquals(!o.isOldOrNew(), row.desc().contains(" E.g. "), row.desc());
        }
        assertEquals(new Row("UNINIT .*", Grade.FORBIDDEN, "Uninitialised table: the checker proves the device never sees a new pointer before its table."),
                rows.get(keys.size()));
        assertEquals(new Row("TORN .*", Grade.FORBIDDEN, "Torn: the checker proves no chunk mix of this plan is torn for this reader."),
                rows.get(keys.size() + 1));
        assertNull(rows.get(rows.size() - 1).id());
        assertEquals(keys.size() + 3, rows.size());
    }

    @Test
    void theExampleOfAnObservationDoesNotDependOnTheOrderOfTheCheckersSet() {
        Map<Observation, String> ex = Grading.examples(CASE.check());
        // Two entries are BLOCKED xn==: q0 cleared (P = 0) with the DID still 5 or already 6. The checker keeps the
        // one reachable after the fewest steps, the first in its fixed search order among equals: the same every run.
        String blocked = ex.get(Observation.parse("BLOCKED xn=="));
        assertTrue(blocked.endsWith("DID=0x5 PWSNP=1 FSPTPTR=0x200000") || blocked.endsWith("DID=0x6 PWSNP=1 FSPTPTR=0x200000"), blocked);
        for (int i = 0; i < 3; i++) assertEquals(ex, Grading.examples(CASE.check()));
    }
}
