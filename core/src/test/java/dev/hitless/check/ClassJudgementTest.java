package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.measure.CheckerScaling;
import dev.hitless.plan.Plan;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.ReaderModel.ChunkOrder;
import dev.hitless.reader.TableInit;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker judges classes of chunk values, never the product of values: on plans whose product is still small
 * enough to list, judging every listed entry one by one must give exactly the checker's outcomes.
 */
class ClassJudgementTest {

    @Test
    void judgingClassesEqualsJudgingEveryEntryOfTheProduct() {
        for (int kk = 1; kk <= 4; kk++) {
            final int k = kk;
            for (int v : new int[]{1, 3, 8}) {
                Plan p = CheckerScaling.plan(v, k);
                assertTrue(TableInit.of(new Oracle(p.format(), p.current(), p.target())).count() == 0, "no tables: no UNINIT to add");
                for (Visibility vis : Visibility.values()) {
                    for (ChunkOrder order : ChunkOrder.values()) {
                        for (int bits : new int[]{64, 128}) {
                            ReaderModel m = new ReaderModel(bits, order, ReaderModel.Cache.NONE, vis);
                            Oracle oracle = new Oracle(p.format(), p.current(), p.target());
                            Set<Observation> one = new HashSet<>();
                            Set<Entry> all = Checker.observations(p, m);
                            for (Entry e : all) one.add(Observation.of(oracle.judge(e), p.current(), p.target(), e, bits));
                            CheckResult r = Checker.check(p, m);
                            assertEquals(one, r.outcomes(), () -> m.label() + " v=" + v + " k=" + k);
                            if (k == 4 && v == 8 && order == ChunkOrder.ANY && bits == 64) {
                                // thousands of entries (some values coincide with the old ones), a few dozen judgements
                                assertTrue(all.size() > 5000, "entries " + all.size());
                                assertTrue(r.distinctObservations() < 100, "judged " + r.distinctObservations());
                            }
                        }
                    }
                }
            }
        }
    }
}
