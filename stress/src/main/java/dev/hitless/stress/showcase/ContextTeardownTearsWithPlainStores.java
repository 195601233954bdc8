package dev.hitless.stress.showcase;

import dev.hitless.reader.Seen;
import dev.hitless.stress.MustObserve;
import dev.hitless.stress.Race;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * A VT-d context entry torn down with two plain stores can be fetched torn with P still set (c1e4f1dccbe9).
 *
 * Before January 2026 the Intel driver cleared a legacy-mode context entry (domain_context_clear_one) by zeroing its
 * two 64-bit halves with plain C stores and then flushing. The IOMMU reads the 128-bit entry in one read, but x86
 * stores it in two, and the compiler may emit the two plain stores in either order: if hi (AW, DID) is zeroed first,
 * a fetch between the two stores sees P=1 with the old second-level table and DID 0 ("TORN x").
 *
 * The writer here performs vtd-context-pre-2026 on sl-a -> cleared as the compiler may: each run draws the order of
 * the two plain stores (core plan.PlanExecutor.prepare, the visibility's rule; on x86 the reader then sees exactly
 * that order). The reader fetches the entry in one atomic 128-bit read (the format's strict reader). This test must
 * observe the tear, or the gate fails.
 *
 * Variant Fixed: the 2026 order (vtd-context-2026): P cleared alone with WRITE_ONCE, dma_wmb, flush, then the rest
 * zeroed: the old entry, a non-present one, or the cleared one, never torn.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter ContextTeardownTearsWithPlainStores -- -sc false
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run, 2026-12-07):
 *
 *            plain stores (pre-2026)     Fixed (2026)
 *   OLD o          7,558,568             3,815,947
 *   NEW x             39,932                92,816
 *   NEW n          4,253,844             3,067,741
 *   TORN x            37,608             (forbidden, never seen)
 *   samples       11,889,952             6,976,504
 *
 * About one fetch in 316 saw the torn entry: the compiler's order is drawn per run, so half the runs zero hi first.
 */
@JCStressTest
@MustObserve(Seen.TORN)
@Outcome(id = "OLD o",  expect = ACCEPTABLE,             desc = "The old entry: the fetch came before the first store.")
@Outcome(id = "NEW x",  expect = ACCEPTABLE,             desc = "Not present: lo (P) zeroed first, hi not yet; the hardware reads P alone.")
@Outcome(id = "NEW n",  expect = ACCEPTABLE,             desc = "The cleared entry: the fetch came after both stores.")
@Outcome(id = "TORN x", expect = ACCEPTABLE_INTERESTING, desc = "Torn: hi zeroed first, so P=1 with the old table and DID 0.")
@Outcome(               expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class ContextTeardownTearsWithPlainStores {
    static final Race.Setup SETUP = Race.setup("vtd-context-legacy", "vtd-context-pre-2026", "sl-a", "cleared", "strict");

    final Race race = new Race(SETUP);

    @Actor
    public void writer() {
        race.writer();
    }

    @Actor
    public void reader(L_Result r) {
        r.r1 = race.reader();
    }

    @JCStressTest
    @Outcome(id = "OLD o",   expect = ACCEPTABLE, desc = "The old entry: the fetch came before the first store.")
    @Outcome(id = "NEW x",   expect = ACCEPTABLE, desc = "Not present: P cleared and synced, the rest not yet zeroed.")
    @Outcome(id = "NEW n",   expect = ACCEPTABLE, desc = "The cleared entry.")
    @Outcome(id = "TORN .*", expect = FORBIDDEN,  desc = "Torn: impossible when P is cleared alone before the rest.")
    @Outcome(                expect = FORBIDDEN,  desc = "Outside the checker's set: the harness or the checker is wrong.")
    @State
    public static class Fixed {
        static final Race.Setup SETUP = Race.setup("vtd-context-legacy", "vtd-context-2026", "sl-a", "cleared", "strict");

        final Race race = new Race(SETUP);

        @Actor
        public void writer() {
            race.writer();
        }

        @Actor
        public void reader(L_Result r) {
            r.r1 = race.reader();
        }
    }
}
