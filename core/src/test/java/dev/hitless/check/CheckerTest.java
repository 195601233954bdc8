package dev.hitless.check;

import dev.hitless.matrix.Matrix;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.ClearThenUpdate;
import dev.hitless.ordering.StructCopy;
import dev.hitless.ordering.UsedBits;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.Observation;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.ReaderModel.Cache;
import dev.hitless.reader.ReaderModel.ChunkOrder;
import dev.hitless.reader.Seen;
import dev.hitless.check.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker on plans small enough to derive every observation by hand. */
class CheckerTest {
    static final EntryFormat VTD = Formats.vtd();
    static final EntryFormat STE = Formats.ste();
    /** fl-did5-a -> fl-did6-b: chunk 0 (q0-1) changes DID, chunk 1 (q2-3) changes FSPTPTR. */
    static final Entry A = VTD.parseConfig("fl-did5-a"), B = VTD.parseConfig("fl-did6-b");
    static final Step C0 = new Step.Store128(0, B.qword(0), B.qword(1));
    static final Step C1 = new Step.Store128(1, B.qword(2), B.qword(3));
    static final Step SYNC = Step.Sync.of(SyncKind.ENTRY);

    static Plan plan(Entry from, Entry to, Step... steps) {
        return new Plan("hand", VTD, from, to, Claim.UNCLAIMED, List.of(steps));
    }

    /** The outcomes as their keys, {@code "TORN no=="}. */
    static Set<String> keys(CheckResult r) {
        return r.outcomes().stream().map(Observation::key).collect(Collectors.toSet());
    }

    static ReaderModel m(ChunkOrder o, Cache c) {
        return new ReaderModel(128, o, c);
    }

    @Test
    void twoStoresOnTwoChunksInOneWindowAllowEveryMixWithAnyOrder() {
        // versions: 0 = oo, 1 = no, 2 = nn. Any order: each chunk independently o or n -> 4 observations.
        CheckResult r = Checker.check(plan(A, B, C0, C1, SYNC), m(ChunkOrder.ANY, Cache.NONE));
        assertEquals(Set.of("OLD oo==", "TORN no==", "TORN on==", "NEW nn=="), keys(r));
        assertEquals(Verdict.TORN, r.verdict());
    }

    @Test
    void ascendingOrderForbidsReadingTheLaterChunkBeforeTheEarlierOne() {
        // Stores c0 then c1: versions 0 = oo, 1 = no, 2 = nn. Ascending reads c0 at t0 <= t1. "on" = c0 at t0 = 0,
        // c1 at t1 = 2: allowed. "no" = c0 at t0 >= 1, c1 at t1 <= 1: t0 = t1 = 1 allowed. Both mixes stay.
        CheckResult asc = Checker.check(plan(A, B, C0, C1, SYNC), m(ChunkOrder.ASCENDING, Cache.NONE));
        assertEquals(Set.of("OLD oo==", "TORN no==", "TORN on==", "NEW nn=="), keys(asc));
        // Stores in the other order: versions oo, on, nn. "no" needs c0 new (t0 = 2) before c1 old (t1 <= 1):
        // impossible in ascending order, possible in descending order.
        Plan reversed = plan(A, B, C1, C0, SYNC);
        assertEquals(Set.of("OLD oo==", "TORN on==", "NEW nn=="),
                keys(Checker.check(reversed, m(ChunkOrder.ASCENDING, Cache.NONE))));
        assertEquals(Set.of("OLD oo==", "TORN on==", "TORN no==", "NEW nn=="),
                keys(Checker.check(reversed, m(ChunkOrder.DESCENDING, Cache.NONE))));
    }

    @Test
    void aSyncBetweenTheStoresRemovesTheMixThatNeedsBothWindows() {
        // windows [c0] and [c1]: window 0 offers c0 in {o, n} with c1 = o; window 1 c0 = n with c1 in {o, n}.
        CheckResult r = Checker.check(plan(A, B, C0, SYNC, C1, SYNC), m(ChunkOrder.ANY, Cache.NONE));
        assertEquals(Set.of("OLD oo==", "TORN no==", "NEW nn=="), keys(r));
        // A sync that does not invalidate the entry is no boundary.
        Plan tlbOnly = plan(A, B, C0, Step.Sync.of(SyncKind.IOTLB), C1, SYNC);
        assertTrue(keys(Checker.check(tlbOnly, m(ChunkOrder.ANY, Cache.NONE))).contains("TORN on=="));
        // Barriers do not constrain the reader.
        Plan barrier = plan(A, B, C0, new Step.Barrier(), C1, SYNC);
        assertEquals(4, keys(Checker.check(barrier, m(ChunkOrder.ANY, Cache.NONE))).size());
    }

    @Test
    void stickyReaderSeesOnlyTheStateAtEachSync() {
        CheckResult r = Checker.check(plan(A, B, C0, C1, SYNC), m(ChunkOrder.ANY, Cache.STICKY));
        assertEquals(Set.of("OLD oo==", "NEW nn=="), keys(r));
        assertEquals(Verdict.HITLESS, r.verdict());
    }

    @Test
    void plainStoresOfOneSegmentAreReadAsLateAsTheFetchCompletes() {
        // the built-in struct copy: plain stores, one segment, free to land in any order; the shortest tear is still
        // the fetch right after step 2, and it straddles nothing (each chunk may be read at that moment)
        Counterexample cx = Checker.check(new StructCopy().plan(VTD, A, B), ReaderModel.strict(VTD)).counterexample().orElseThrow();
        assertEquals("TORN no==", cx.observation().key());
        assertEquals(2, cx.stepsExecuted());
        assertEquals(0, cx.storesStraddled());
    }

    @Test
    void counterexampleIsTheShortest() {
        // struct copy with WRITE_ONCE (the built-in's stores are plain): q0 (unchanged), q1 (DID), q2 (FSPTPTR), ...
        // The earliest tear: a fetch right after step 2 (q1 stored) reads chunk 0 new and chunk 1 old without
        // straddling any store.
        Plan copy = new StructCopy().plan(VTD, A, B);
        Plan p = copy.withSteps(copy.ordering(), copy.steps().stream()
                .map(s -> s instanceof Step.Store64 w ? new Step.Store64(w.qword(), w.value()) : s).toList());
        Counterexample cx = Checker.check(p, ReaderModel.strict(VTD)).counterexample().orElseThrow();
        assertEquals(Seen.TORN, cx.seen());
        assertEquals(2, cx.stepsExecuted());
        assertEquals(0, cx.storesStraddled());
        assertEquals("TORN no==", cx.observation().key());
        String text = cx.render();
        assertTrue(text.contains("read c0 q0-1 0x0000000000000049 0x0000000000800006  new"), text);
        assertTrue(text.contains("DID      new"), text);
        assertTrue(text.contains("FSPTPTR  old"), text);
        // Ascending order, stores reversed: the tear needs c1 read before c0 is stored; shortest straddles none.
        Plan rev = plan(A, B, C1, C0, SYNC);
        Counterexample r = Checker.check(rev, m(ChunkOrder.ASCENDING, Cache.NONE)).counterexample().orElseThrow();
        assertEquals(1, r.stepsExecuted());
        assertEquals(0, r.storesStraddled());
    }

    @Test
    void aFetchThatMustStraddleStoresReportsTheFewest() {
        // Descending order reads c1 before c0. Stores c0, c2 := x, c2 := 0, c1. The tear "no" needs c0 new
        // (version >= 1) and c1 old (version <= 3). Shortest: everything read at version 1, completing after
        // step 1, straddling nothing (c2 is then x: the key shows it).
        Plan p = new Plan("hand", VTD, A, B, Claim.UNCLAIMED, List.of(C0, new Step.Store128(2, 0x1000, 0),
                new Step.Store128(2, 0, 0), C1, SYNC));
        Counterexample cx = Checker.check(p, m(ChunkOrder.DESCENDING, Cache.NONE)).counterexample().orElseThrow();
        assertEquals(1, cx.stepsExecuted());
        assertEquals(0, cx.storesStraddled());
    }

    @Test
    void stickyCacheHidesTheStructCopyTear() {
        Plan p = new StructCopy().plan(VTD, A, B);
        assertEquals(Verdict.TORN, Checker.check(p, ReaderModel.preset("strict", VTD)).verdict());
        CheckResult sticky = Checker.check(p, ReaderModel.preset("sticky", VTD));
        assertEquals(Verdict.HITLESS, sticky.verdict());
        assertTrue(sticky.meets(Requirement.HITLESS));
    }

    @Test
    void draftBreakingPathShowsAValidEntryThatIsNeitherOldNorNewBetweenTwoSyncs() {
        Plan p = UsedBits.draft128().plan(VTD, A, B);
        assertEquals(Claim.BREAKING, p.claim());
        CheckResult r = Checker.check(p, ReaderModel.strict(VTD));
        assertEquals(Verdict.TORN, r.verdict());
        Counterexample cx = r.counterexample().orElseThrow();
        assertTrue(VTD.isPresent(cx.observed()));
        assertEquals(1, cx.window(), "between the first and the second entry sync");
        assertFalse(cx.observed().equals(A) || cx.observed().equals(B));
    }

    @Test
    void usedBits128FirstStageReplaceChangingDidAndTableIsBreaking() {
        Plan p = UsedBits.quanta128().plan(VTD, A, B);
        assertEquals(Claim.BREAKING, p.claim());
        CheckResult r = Checker.check(p, ReaderModel.strict(VTD));
        assertEquals(Verdict.BREAKING, r.verdict());
        assertTrue(r.meets(Requirement.SAFE));
        assertFalse(r.meets(Requirement.HITLESS));
        assertEquals(3, r.entrySyncs());
    }

    @Test
    void usedBits128FirstStageReplaceKeepingDidIsHitless() {
        Plan p = UsedBits.quanta128().plan(VTD, VTD.parseConfig("fl-did5-a"), VTD.parseConfig("fl-did5-b"));
        CheckResult r = Checker.check(p, ReaderModel.strict(VTD));
        assertEquals(Verdict.HITLESS, r.verdict());
        assertTrue(r.meets(Requirement.HITLESS));
        assertEquals(1, r.entrySyncs());
    }

    @Test
    void usedBits64OnSte() {
        ReaderModel strict = ReaderModel.strict(STE);
        // S1 -> S2: Config, S1ContextPtr (q0) and S2TTB (q3) are all critical: breaking, 3 syncs (kernel test)
        Plan s1s2 = UsedBits.qwords().plan(STE, STE.parseConfig("s1-ssid0"), STE.parseConfig("s2-vmid1"));
        CheckResult r = Checker.check(s1s2, strict);
        assertEquals(Claim.BREAKING, s1s2.claim());
        assertEquals(Verdict.BREAKING, r.verdict());
        assertEquals(3, r.entrySyncs());
        // bypass -> abort: only q0 (Config) is critical; bypass uses SHCFG (q1), abort does not, so SHCFG is
        // cleaned up after the critical store: store q0, sync, store q1, sync = 2 syncs, hitless (the kernel
        // test arm_smmu_v3_write_ste_test_bypass_to_abort expects a hitless transition with 2 syncs).
        Plan ba = UsedBits.qwords().plan(STE, STE.parseConfig("bypass"), STE.parseConfig("abort"));
        CheckResult b = Checker.check(ba, strict);
        assertEquals(Verdict.HITLESS, b.verdict());
        assertTrue(b.meets(Requirement.HITLESS));
        assertEquals(2, b.entrySyncs(), ba.toString());
    }

    @Test
    void clearThenUpdateIsBreakingForOrderedOrCachingReaders() {
        Plan p = new ClearThenUpdate().plan(VTD, A, B);
        assertEquals(Verdict.BREAKING, Checker.check(p, ReaderModel.preset("ascending", VTD)).verdict());
        assertEquals(Verdict.BREAKING, Checker.check(p, ReaderModel.preset("sticky", VTD)).verdict());
        // Under the strict reader a fetch that reads chunk 1 before the set-up stores FSPTPTR and chunk 0 after
        // P is set sees the new PGTT/DID with the zeroed table pointer: the set-up's write barrier does not
        // order the hardware's chunk reads.
        CheckResult strict = Checker.check(p, ReaderModel.strict(VTD));
        assertEquals(Verdict.TORN, strict.verdict());
    }

    @Test
    void storesAfterTheLastSyncAreNotSettled() {
        CheckResult r = Checker.check(plan(A, B, C0, SYNC, C1), ReaderModel.strict(VTD));
        assertFalse(r.settled());
        assertFalse(r.meets(Requirement.SAFE));
        assertTrue(r.reachesTarget());
    }

    /**
     * Stores after the last entry sync that change only bits neither the synced nor the final entry uses leave the
     * hardware nothing stale (VT-d's context teardown since 2026: P cleared and synced, then the rest zeroed): settled.
     * One that changes a used bit is not.
     */
    @Test
    void storesToUnusedBitsAfterTheLastSyncAreSettled() {
        Entry notPresent = VTD.validBit().set(A, 0);
        Plan zeroing = plan(A, VTD.zero(), new Step.Store64(0, notPresent.qword(0)), SYNC,
                new Step.Store64(0, 0, true), new Step.Store64(1, 0, true), new Step.Store64(2, 0, true));
        CheckResult r = Checker.check(zeroing, ReaderModel.strict(VTD));
        assertTrue(r.reachesTarget());
        assertTrue(r.settled(), "P=0 at the last sync and after it: only P is used, and it did not change");
        Plan setting = plan(VTD.zero(), A, new Step.Store64(1, A.qword(1)), new Step.Store64(2, A.qword(2)), SYNC,
                new Step.Store64(0, A.qword(0)));
        assertFalse(Checker.check(setting, ReaderModel.strict(VTD)).settled(), "P set after the last sync");
    }

    @Test
    void wholeMatrixHasACellForEveryTransitionOrderingAndReader() {
        var cells = Matrix.run(Formats.all(), dev.hitless.ordering.Orderings.builtIns(), ReaderModel.PRESETS, null,
                true, false);
        // VT-d, STE, CD: the eight orderings that apply to them; AMD-Vi DTE: 90 transitions, all eleven (the three AMD-only ones too);
        // RISC-V DC: 56 + 30 transitions, the eight generic orderings and the two RISC-V ones; VT-d context entries,
        // scalable (20 transitions) and legacy (30): the eight and the two context-only ones
        assertEquals((110 + 110 + 20) * 8 * 3 + 90 * 11 * 3 + (56 + 30) * 10 * 3 + (20 + 30) * 10 * 3, cells.size());
    }

    @Test
    void theDefaultMatrixSkipsQuantaWiderThanTheHardwareChunk() {
        var cells = Matrix.run(Formats.all(), dev.hitless.ordering.Orderings.builtIns(), ReaderModel.PRESETS, null,
                true, true);
        // VT-d fetches 128-bit chunks: all eight orderings; SMMUv3 fetches 64-bit chunks: the three 128-bit ones are skipped.
        // AMD-Vi reads the DTE in one 256-bit chunk: all eleven orderings that apply fit (32-bit words too). The RISC-V DC
        // is read in 64-bit doublewords: the three 128-bit orderings are skipped, the other seven run. VT-d reads a
        // context entry in one 128-bit chunk: all ten that apply fit.
        assertEquals(110 * 8 * 3 + (110 + 20) * 5 * 3 + 90 * 11 * 3 + (56 + 30) * 7 * 3 + (20 + 30) * 10 * 3, cells.size());
        assertTrue(cells.stream().noneMatch(c -> (c.format() == Formats.ste() || c.format() == Formats.cd()) && c.ordering().quantumBits() == 128));
        // Forced onto a 64-bit reader, a 128-bit quantum is torn: the reason it is skipped.
        var forced = Matrix.run(List.of(Formats.ste()), List.of(dev.hitless.ordering.Orderings.byName("used-bits-128")),
                List.of("strict"), null, false, false);
        assertTrue(forced.stream().anyMatch(c -> c.result().verdict() == Verdict.TORN));
    }
}
