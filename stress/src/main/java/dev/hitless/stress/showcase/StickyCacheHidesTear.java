package dev.hitless.stress.showcase;

import dev.hitless.stress.Race;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * A sticky cache hides the struct copy's tear: why a test of the old VT-d replace passed.
 *
 * The same struct copy as StructCopyTears, but the hardware keeps the live entry in its PASID cache until the
 * flush (the sticky reader of the reader's contract, dev.hitless.reader). Every fetch during the copy is served from
 * the cache (the old entry); the flush refills the cache from the finished new entry. So the reader only ever sees
 * OLD or NEW: the checker calls this plan hitless for this reader, and it is TORN for a reader that may re-fetch
 * mid-copy (StructCopyTears). A test on hardware that happens to cache the entry passes; the bug is still there.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter StickyCacheHidesTear
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run):
 *
 *      RESULT        SAMPLES
 *    OLD oo==      9,371,143
 *    NEW nn==        587,571
 *
 * and no tear, where StructCopyTears, run just before on the same code, saw 1.15 M tears in 12.1 M samples.
 */
@JCStressTest
@Outcome(id = "OLD oo==", expect = ACCEPTABLE, desc = "Served from the cache: the old entry, fetched before the copy began.")
@Outcome(id = "NEW nn==", expect = ACCEPTABLE, desc = "Fetched after the flush dropped the cache: the finished new entry.")
@Outcome(id = "TORN .*",  expect = FORBIDDEN,  desc = "Torn: impossible while the cache holds the entry until the flush.")
@Outcome(                 expect = FORBIDDEN,  desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class StickyCacheHidesTear {
    static final Race.Setup SETUP = Race.setup("vtd-pasid", "struct-copy", "fl-did5-a", "fl-did6-b", "sticky");

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
