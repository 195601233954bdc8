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
 * The struct copy tears.
 *
 * VT-d's removed replace did "*pte = new_pte;" on the live, present PASID entry: eight qword stores, then one
 * flush. Here it replaces a first-stage domain (DID 5, FSPTPTR 0x100000) by another (DID 6, FSPTPTR 0x200000).
 * DID lives in 128-bit chunk 0 (qword 1), FSPTPTR in chunk 1 (qword 2). The hardware (strict reader: 128-bit chunks,
 * any order, no cache) may fetch the entry while the copy runs, and then sees the new DID with the old page-table
 * pointer ("TORN no==": chunk 0 new, chunk 1 old) or the reverse ("TORN on=="): translations tagged with one
 * domain's DID through the other domain's page tables.
 *
 * The checker says exactly these four outcomes can happen; this test must observe a tear, or the gate fails.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter StructCopyTears
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations, one run on a quiet machine,
 * 2026-12-07):
 *
 *      RESULT        SAMPLES
 *    OLD oo==      7,792,958
 *    NEW nn==      1,442,507
 *   TORN no==         37,653
 *   TORN on==         36,826
 *
 * In 10 such runs a tear was observed in 10, at one tear per 32 to 578 samples (86 over all ten); on a loaded
 * machine the same day one per 188 to 1,268 (docs/stress.md, "Detection power").
 */
@JCStressTest
@MustObserve(Seen.TORN)
@Outcome(id = "OLD oo==",  expect = ACCEPTABLE,             desc = "The old domain: the fetch came before the copy reached DID.")
@Outcome(id = "NEW nn==",  expect = ACCEPTABLE,             desc = "The new domain: the fetch came after the copy passed FSPTPTR.")
@Outcome(id = "TORN no==", expect = ACCEPTABLE_INTERESTING, desc = "Torn: new DID with the old FSPTPTR; the fetch straddled the copy.")
@Outcome(id = "TORN on==", expect = ACCEPTABLE_INTERESTING, desc = "Torn: old DID with the new FSPTPTR; chunk 0 was read first, chunk 1 after the copy.")
@Outcome(                  expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class StructCopyTears {
    static final Race.Setup SETUP = Race.setup("vtd-pasid", "struct-copy", "fl-did5-a", "fl-did6-b", "strict");

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
