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
 * The draft entry-sync ordering tears.
 *
 * A first-stage replace that changes DID (chunk 0) and FSPTPTR (chunk 1) has two critical 128-bit quanta, so the
 * entry-sync library takes its breaking path: clear the valid-bit quantum, sync, write the other quanta, sync,
 * write the valid-bit quantum, sync. An early draft got the index ranges wrong and, with the valid bit in quantum 0,
 * wrote quantum 0 (P = 1, new DID) before quantum 1, in the same window. A fetch between those two stores sees the
 * new DID over the old FSPTPTR ("TORN no=="). This test must observe that tear, or the gate fails.
 *
 * Variant Fixed: the released library on the same transition only ever blocks (BLOCKED), never tears.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter DraftEntrySyncTears
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run):
 *
 *                 draft          Fixed
 *    OLD oo==   7,640,547      7,635,306
 *    NEW nn==   4,639,916      4,543,302
 * BLOCKED xo==    886,413        657,720
 * BLOCKED xn==        541         16,184
 *   TORN no==       2,535              0
 *
 * The tear is rare (one per ~3,600 to ~7,200 samples, with the machine's load) but was seen in 10 of 10 such runs (docs/stress.md, "Detection power").
 */
@JCStressTest
@MustObserve(Seen.TORN)
@Outcome(id = "OLD oo==",     expect = ACCEPTABLE,             desc = "The old domain: the fetch came before the first store.")
@Outcome(id = "NEW nn==",     expect = ACCEPTABLE,             desc = "The new domain: the fetch came after the last store.")
@Outcome(id = "BLOCKED xo==", expect = ACCEPTABLE_INTERESTING, desc = "Not present: quantum 0 cleared, quantum 1 still old.")
@Outcome(id = "BLOCKED xn==", expect = ACCEPTABLE_INTERESTING, desc = "Not present: chunk 1 read after its store, chunk 0 while still cleared.")
@Outcome(id = "TORN no==",    expect = ACCEPTABLE_INTERESTING, desc = "Torn: quantum 0 (P = 1, new DID) is live before FSPTPTR changes.")
@Outcome(                     expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class DraftEntrySyncTears {
    static final Race.Setup SETUP = Race.setup("vtd-pasid", "used-bits-128-draft", "fl-did5-a", "fl-did6-b", "strict");

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
    @Outcome(id = "OLD oo==",     expect = ACCEPTABLE,             desc = "The old domain: the fetch came before the first store.")
    @Outcome(id = "NEW nn==",     expect = ACCEPTABLE,             desc = "The new domain: the fetch came after the last store.")
    @Outcome(id = "BLOCKED xo==", expect = ACCEPTABLE_INTERESTING, desc = "Not present: quantum 0 cleared, quantum 1 still old.")
    @Outcome(id = "BLOCKED xn==", expect = ACCEPTABLE_INTERESTING, desc = "Not present: quantum 1 written, quantum 0 not yet.")
    @Outcome(id = "TORN .*",      expect = FORBIDDEN,              desc = "Torn: the fixed breaking path writes quantum 0 last, after a sync.")
    @Outcome(                     expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
    @State
    public static class Fixed {
        static final Race.Setup SETUP = Race.setup("vtd-pasid", "used-bits-128", "fl-did5-a", "fl-did6-b", "strict");

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
