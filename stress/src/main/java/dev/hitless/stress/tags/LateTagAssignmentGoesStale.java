package dev.hitless.stress.tags;

import dev.hitless.attach.Domain;
import dev.hitless.attach.TagOutcome;
import dev.hitless.stress.MustObserveTag;
import dev.hitless.suite.StressCase;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * A hitless replace whose new domain's cache tags are assigned after the entry is programmed lets an unmap of the new
 * domain complete while the device still holds the unmapped page: STALE, on real memory.
 *
 * The VT-d RID path of 2024-2025 (dmar_domain_attach_device) programs the entry first and calls
 * cache_tag_assign_domain() afterwards. The entry update here is hitless (VT-d PASID entry, first-stage, same DID, new
 * page table: used-bits-128 stores one 128-bit quantum and syncs), so the device only ever fetches the old or the new
 * entry. But between the switch and the list update, the new domain's invalidation list does not hold the device:
 *
 *   writer (driver CPU)           device                         unmapper (another CPU: this test's writer too)
 *   store FSPTPTR, sync entry
 *                                 fetch: new table, translate:
 *                                 IOTLB + device TLB hold the
 *                                 new domain's page
 *                                                                clear the new domain's PTE, read its list: empty,
 *                                                                nothing invalidated, complete -> STALE
 *   list add new (too late)
 *
 * Actor 1 is the driver CPU: it runs the attach sequence vtd-rid-2024 (AttachExecutor, the only code that performs
 * one) and, at the writer point where the checker's shortest STALE run unmaps (right after the switch), the unmap of
 * the new domain's page. Actor 2 is the device: one fetch and translation under the reader contract (LiveReader), its
 * IOTLB and device TLB in off-heap words. The arbiter judges LEAK once both are done. Every step is a CacheTags rule
 * under the sample's lock, as the checker's steps are.
 *
 * The outcome table is the checker's (TagTablesTest checks it): the checker finds STALE of the new domain and no
 * LEAK; this test must observe STALE, or the gate fails.
 *
 * The control, LateTagAssignmentGoesStale.Corrected, runs vtd-corrected on the same replace with the same unmap right
 * after the switch: the device is on the new domain's list before the switch, so the unmap invalidates the new tag
 * and the device TLB, and STALE is FORBIDDEN.
 *
 * How to run:
 *   stress/run-suite.sh showcase quick --filter LateTagAssignment -- -sc false
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m quick -sc false: 4 JVM configurations; ten runs, 2026-12-01, quiet machine):
 *
 *                          vtd-rid-2024 (this)       vtd-corrected (Corrected, one run)
 *    clean, no-leak        3.9 - 5.9 M per run       1,562,683
 *    stale-new, no-leak    3,397 - 18,577 per run    0 (FORBIDDEN)
 *
 * STALE in 10 of 10 runs and in every JVM configuration of each, one sample in ~460 (docs/stress.md, "STALE on real
 * memory, detected").
 */
@JCStressTest
@MustObserveTag(TagOutcome.Kind.STALE)
@Outcome(id = "clean, no-leak",     expect = ACCEPTABLE,             desc = "The unmap invalidated everything the device could still use: it translated before the switch, or after the PTE was cleared.")
@Outcome(id = "stale-new, no-leak", expect = ACCEPTABLE_INTERESTING, desc = "STALE: the device cached the new page after the switch, and the unmap of the new domain found the device on none of its lists.")
@Outcome(id = ".*, leak-.*",        expect = FORBIDDEN,              desc = "LEAK: the checker finds none for this sequence: the harness or the checker is wrong.")
@Outcome(                           expect = FORBIDDEN,              desc = "Outside the checker's set: the harness or the checker is wrong.")
@State
public class LateTagAssignmentGoesStale {
    static final StressCase REPLACE = new StressCase("vtd-pasid", "used-bits-128", "fl-did5-a", "fl-did5-b", "strict");
    static final TagRace.Setup SETUP = TagRace.Setup.atShortestRunTo(REPLACE, "vtd-rid-2024",
            new TagOutcome(TagOutcome.Kind.STALE, Domain.NEW));

    final TagRace race = new TagRace(SETUP);

    @Actor
    public void writer(LL_Result r) {
        r.r1 = race.writer();
    }

    @Actor
    public void device() {
        race.device();
    }

    @Arbiter
    public void arbiter(LL_Result r) {
        r.r2 = race.arbiter();
    }

    /** The corrected sequence (new tags before the switch, old ones removed after the flushes): never STALE. */
    @JCStressTest
    @Outcome(id = "clean, no-leak", expect = ACCEPTABLE, desc = "The unmap reached the new tag and the device TLB: nothing stale survives.")
    @Outcome(id = "stale-.*",       expect = FORBIDDEN,  desc = "STALE: the checker proves vtd-corrected free of it.")
    @Outcome(id = ".*, leak-.*",    expect = FORBIDDEN,  desc = "LEAK: the checker proves vtd-corrected free of it.")
    @Outcome(                       expect = FORBIDDEN,  desc = "Outside the checker's set: the harness or the checker is wrong.")
    @State
    public static class Corrected {
        static final TagRace.Setup SETUP = TagRace.Setup.afterFirstSwitch(REPLACE, "vtd-corrected", Domain.NEW);

        final TagRace race = new TagRace(SETUP);

        @Actor
        public void writer(LL_Result r) {
            r.r1 = race.writer();
        }

        @Actor
        public void device() {
            race.device();
        }

        @Arbiter
        public void arbiter(LL_Result r) {
            r.r2 = race.arbiter();
        }
    }
}
