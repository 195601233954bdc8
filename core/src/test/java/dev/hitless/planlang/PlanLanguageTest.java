package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.Formats;
import dev.hitless.ordering.ReverseCopyTestOrdering;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.List;

import static dev.hitless.planlang.TestVtdFormat.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each construct of the plan language emits, one construct per test, on the test format. */
class PlanLanguageTest {
    private static final TestVtdFormat F = new TestVtdFormat();
    private static final Entry A = entry(FL, 1, 0x1000, 0);
    private static final Entry B = entry(FL, 2, 0x2000, 0);

    private static Plan plan(String body, Entry current, Entry target) {
        return PlanFile.parse("t.plan", "ordering t\nclaim unclaimed\n" + body, List.of()).plan(F, current, target);
    }

    /** {@code format == NAME} picks a branch by the format planned for: riscv-iodir.plan's MSI doublewords. */
    @Test
    void aFormatConditionPicksTheBranchOfTheFormatPlannedFor() {
        Ordering o = PlanFile.parse("t.plan", "ordering t\nformats riscv-dc riscv-dc-ext\nclaim unclaimed\n"
                + "when format == riscv-dc-ext\n  store q[4..6] = target\nelse when format != riscv-dc\n  store q0 = target\nend\n"
                + "store q[0..3] = target\n");
        for (var f : List.of(Formats.byName("riscv-dc"), Formats.byName("riscv-dc-ext"))) {
            Entry zero = Entry.zero(f.qwords());
            Plan p = o.plan(f, zero, zero);
            List<Integer> stored = p.steps().stream().map(s -> ((Step.Store64) s).qword()).toList();
            assertEquals(f.qwords() == 8 ? List.of(4, 5, 6, 0, 1, 2, 3) : List.of(0, 1, 2, 3), stored, f.name());
        }
    }

    @Test
    void loopsRunInOrderAndRangesMayCountDown() {
        Plan p = plan("for i in 7..5, 0\n  store q[i] = target\n  barrier\nend\n", A, B);
        assertEquals(List.of(new Step.Store64(7, 0), new Step.Barrier(), new Step.Store64(6, 0), new Step.Barrier(),
                new Step.Store64(5, 0), new Step.Barrier(), new Step.Store64(0, B.qword(0)), new Step.Barrier()), p.steps());
    }

    @Test
    void exceptRemovesIndices() {
        Plan p = plan("store128 c[0..3 except 1, 3] = target\n", A, B);
        assertEquals(List.of(new Step.Store128(0, B.qword(0), B.qword(1)), new Step.Store128(2, B.qword(4), B.qword(5))), p.steps());
    }

    @Test
    void storeChangedSkipsWhatMemoryHoldsAndSyncIfChangedFollowsStores() {
        Plan p = plan("store-changed q[0..7] = target\nsync-if-changed entry\nsync-if-changed entry\n"
                + "store-changed q[0..7] = target\nsync-if-changed cfgi tlbi atc\n", A, B);
        assertEquals(List.of(new Step.Store64(1, B.qword(1)), new Step.Store64(2, B.qword(2)), Step.Sync.of(SyncKind.ENTRY)),
                p.steps());
    }

    /** {@code barrier} alone is still a dma_wmb, so files written before barrier kinds keep their meaning. */
    @Test
    void barrierKindsAndTheDefault() {
        Plan p = plan("barrier\nbarrier dma_wmb\nbarrier smp_wmb\n", A, B);
        assertEquals(List.of(new Step.Barrier(BarrierKind.DMA_WMB), new Step.Barrier(BarrierKind.DMA_WMB),
                new Step.Barrier(BarrierKind.SMP_WMB)), p.steps());
    }

    @Test
    void barrierBeforeNextStoreTakesAKind() {
        Plan p = plan("barrier smp_wmb before next store\nstore-changed q[0..7] = current\nstore q5 = target\n"
                + "barrier dma_wmb before next store\nstore q6 = target\n", A, B);
        assertEquals(List.of(new Step.Barrier(BarrierKind.SMP_WMB), new Step.Store64(5, 0),
                new Step.Barrier(BarrierKind.DMA_WMB), new Step.Store64(6, 0)), p.steps());
    }

    @Test
    void plainStoresAreMarkedPlainInEveryForm() {
        Plan p = plan("store plain q[0..1] = target\nstore-changed plain q[0..7] = target\nstore q2 = target\n", A, B);
        assertEquals(List.of(new Step.Store64(0, B.qword(0), true), new Step.Store64(1, B.qword(1), true),
                new Step.Store64(2, B.qword(2), true), new Step.Store64(2, B.qword(2), false)), p.steps());
    }

    /**
     * {@code update-safe-bits no} drops the update-safe bits from {@code unused-update} and {@code critical}: on the
     * SMMUv3 STE pair that motivated them (stage-2 only and nested with S1DSS=bypass, MEV differing) the used-bits file
     * sees one critical qword, the same file without safe bits two.
     */
    @Test
    void updateSafeBitsNoCountsThemAsUsed() {
        var ste = Formats.ste();
        var s2 = ste.parseConfig("ste-s2:vmid=3,s2ttb=0x80000");
        var nested = ste.parseConfig("ste-nested:cdtab=0x60000,s1cdmax=8,s1dss=bypass,vmid=3,s2ttb=0x80000");
        String body = "when critical == 1\n  claim hitless\nelse when critical == 2\n  claim breaking\nelse\n  claim unclaimed\nend\n";
        assertEquals(Claim.HITLESS, PlanFile.parse("y.plan", "ordering y\nupdate-safe-bits yes\n" + body).plan(ste, s2, nested).claim());
        assertEquals(Claim.HITLESS, PlanFile.parse("d.plan", "ordering d\n" + body).plan(ste, s2, nested).claim(), "yes is the default");
        assertEquals(Claim.BREAKING, PlanFile.parse("n.plan", "ordering n\nupdate-safe-bits no\n" + body).plan(ste, s2, nested).claim());
    }

    @Test
    void barrierBeforeNextStoreWaitsForAStore() {
        Plan none = plan("barrier before next store\nstore-changed q[0..7] = current\n", A, B);
        assertEquals(List.of(), none.steps());
        Plan one = plan("barrier before next store\nsync entry\nstore q5 = target\nstore q6 = target\n", A, B);
        assertEquals(List.of(Step.Sync.of(SyncKind.ENTRY), new Step.Barrier(), new Step.Store64(5, 0), new Step.Store64(6, 0)),
                one.steps());
    }

    @Test
    void fieldEditsAndMemory() {
        Plan p = plan("store q0 = current with valid=0, PGTT=4\nstore q1 = memory with DID=9\n", A, B);
        assertEquals(List.of(new Step.Store64(0, PGTT.set(P.set(A, 0), PT).qword(0)), new Step.Store64(1, 9)), p.steps());
    }

    @Test
    void conditionsCombine() {
        String body = "when present(current) and not present(target) or current == zero\n  store q0 = zero\nend\n";
        assertEquals(1, plan(body, A, Entry.zero(8)).storeCount());
        assertEquals(0, plan(body, A, B).storeCount());
        assertEquals(1, plan(body, Entry.zero(8), B).storeCount());
    }

    @Test
    void criticalAndCritFollowTheQuantum() {
        // A -> FL with another FSPTPTR only: q2 is the one critical qword, chunk 1 the one critical 128-bit quantum.
        Entry t = entry(FL, 1, 0x2000, 0);
        String body = "when critical == 1\n  store q[crit] = target\nend\n";
        assertEquals(List.of(new Step.Store64(2, t.qword(2))),
                PlanFile.parse("t.plan", "ordering t\nquantum 64\nclaim hitless\n" + body, List.of()).plan(F, A, t).steps());
        String body128 = "when critical == 1\n  store128 c[crit] = target\nend\n";
        assertEquals(List.of(new Step.Store128(1, t.qword(2), t.qword(3))),
                PlanFile.parse("t.plan", "ordering t\nquantum 128\nclaim hitless\n" + body128, List.of()).plan(F, A, t).steps());
    }

    /** {@code entry(...)} is a value like any other: stored, compared, edited with {@code with}. */
    @Test
    void entryLiteralsWorkWhereverAValueDoes() {
        String lit = "entry(" + B + ")";
        assertEquals(List.of(new Step.Store64(1, B.qword(1)), new Step.Store128(1, B.qword(2), B.qword(3))),
                plan("store q1 = " + lit + "\nstore128 c1 = " + lit + "\n", A, Entry.zero(8)).steps());
        assertEquals(List.of(new Step.Store64(1, 9)), plan("store q1 = " + lit + " with DID=9\n", A, B).steps());
        String body = "when target == " + lit + " and " + lit + " != current with DID=2\n  barrier\nend\n";
        assertEquals(List.of(new Step.Barrier()), plan(body, A, B).steps());
        assertEquals(List.of(), plan(body, A, A).steps());
        assertEquals(List.of(), plan(body, DID.set(B, 7), B).steps(), "current with DID=2 is B");
        assertEquals(List.of(new Step.Store64(0, 0x49), new Step.Store64(7, 0)),
                plan("store q[0, 7] = entry(0x49 0 0 0 0 0 0 0_0)\n", A, B).steps());
    }

    /** A number is one qword for {@code store}, {@code chunk(LOW HIGH)} one chunk for {@code store128}: every index gets it. */
    @Test
    void quantumLiteralsFillEveryStoredQuantum() {
        assertEquals(List.of(new Step.Store64(3, 0x49), new Step.Store64(5, 0x49)), plan("store q[3, 5] = 0x49\n", A, B).steps());
        assertEquals(List.of(new Step.Store128(0, 1, -1L), new Step.Store128(3, 1, -1L)),
                plan("store128 c[0, 3] = chunk(1 0xffff_ffff_ffff_ffff)\n", A, B).steps());
        // the -changed forms compare the literal with memory like any value; the plain forms always store
        assertEquals(List.of(new Step.Store64(1, A.qword(1))), plan("store-changed q[0..7 except 1] = 0\nstore q1 = " + A.qword(1) + "\n",
                Entry.of(0, A.qword(1), 0, 0, 0, 0, 0, 0), B).steps());
        assertEquals(List.of(), plan("store128-changed c1 = chunk(" + A.qword(2) + " " + A.qword(3) + ")\n", A, B).steps());
    }

    /** {@code store32} stores 32-bit words, {@code w[2q]} the low half of qword q; a number is one word, in every word listed. */
    @Test
    void store32StoresWordsAndTheWordLiteral() {
        assertEquals(List.of(new Step.Store32(2, (int) B.qword(1)), new Step.Store32(3, (int) (B.qword(1) >>> 32))),
                plan("store32 w[2..3] = target\n", A, B).steps());
        assertEquals(List.of(new Step.Store32(2, 2), new Step.Store32(4, 0x2000)),
                plan("store32-changed w[0..15] = target\n", A, B).steps(), "only the low words of qword 1 (DID) and 2 (FSPTPTR) change");
        assertEquals(List.of(new Step.Store32(1, 0xffff_fffe), new Step.Store32(15, 0xffff_fffe)),
                plan("store32 w[1, 15] = 0xffff_fffe\n", A, B).steps());
        Plan p = PlanFile.parse("t.plan", "ordering t\nquantum 32\nclaim hitless\nstore32 w[vq, last..14]= target\n", List.of())
                .plan(F, A, B);
        assertEquals(List.of(0, 15, 14), p.steps().stream().map(x -> ((Step.Store32) x).word()).toList(), "vq, last count words");
    }

    /** {@code VALUE.FIELD OP N} and {@code VALUE.FIELD OP VALUE.FIELD} compare field values; names in any case, valid too. */
    @Test
    void fieldConditionsCompareFieldValues() {
        String body = "when current.did == 1 and target.DID > current.DID and current.valid == 1 and target.PGTT == current.pgtt\n"
                + "  barrier\nend\n";
        assertEquals(List.of(new Step.Barrier()), plan(body, A, B).steps());
        assertEquals(List.of(), plan(body, B, A).steps());
        assertEquals(List.of(new Step.Barrier()), plan("when memory.DID != 1\n  barrier\nend\n", B, A).steps());
        assertEquals(List.of(new Step.Barrier()), plan("when entry(" + B + ").DID >= 2\n  barrier\nend\n", A, A).steps());
    }

    /** {@code FIELD=VALUE.FIELD2} takes the field from another entry (memory as the statement begins). */
    @Test
    void editsTakeAFieldFromAnotherValue() {
        assertEquals(List.of(new Step.Store64(1, A.qword(1))), plan("store q1 = target with DID=current.DID\n", A, B).steps());
        assertEquals(List.of(new Step.Store64(1, 2), new Step.Store64(1, 2)),
                plan("store q1 = zero with DID=target.DID\nstore q1 = zero with DID=memory.DID\n", A, B).steps());
    }

    /** A {@code formats} line limits the formats a file applies to. */
    @Test
    void formatsLineLimitsTheFormats() {
        Ordering o = PlanFile.parse("t.plan", "ordering t\nformats amd-dte smmu-ste\nclaim unclaimed\n");
        assertTrue(o.appliesTo(Formats.byName("amd-dte")));
        assertTrue(o.appliesTo(Formats.byName("smmu-ste")));
        assertEquals(false, o.appliesTo(Formats.vtd()));
        assertTrue(PlanFile.parse("t.plan", "ordering t\nclaim unclaimed\n").appliesTo(Formats.vtd()));
    }

    /** {@code error "WHAT"} stops planning with one located line naming the transition; its path needs no claim. */
    @Test
    void errorStopsPlanningAndEndsItsPath() {
        Ordering o = PlanFile.parse("e.plan", "ordering e\nwhen current == target\n  claim no-change\nelse\n  barrier\n"
                + "  error \"a transition to itself\"\nend\n", List.of());
        assertEquals(Claim.NO_CHANGE, o.plan(F, A, A).claim());
        PlanFileException e = org.junit.jupiter.api.Assertions.assertThrows(PlanFileException.class, () -> o.plan(F, A, B));
        assertEquals("e.plan:6:3: expected a transition to itself, found the test-vtd transition entry(" + A + ") -> entry(" + B + ")",
                e.getMessage());
        PlanFile.parse("e.plan", "ordering e\nwhen current == target\n  error \"x\"\nelse\n  error \"y\"\nend\n", List.of());
    }

    @Test
    void claimsSetThePlansClaim() {
        Ordering o = PlanFile.parse("t.plan", "ordering t\nwhen critical > 1\n  claim breaking\nelse when current == target\n"
                + "  claim no-change\nelse\n  claim hitless\nend\n", List.of());
        assertEquals(Claim.BREAKING, o.plan(F, A, B).claim());
        assertEquals(Claim.NO_CHANGE, o.plan(F, A, A).claim());
        assertEquals(Claim.HITLESS, o.plan(F, A, entry(FL, 1, 0x2000, 0)).claim());
    }

    @Test
    void nameIsTheHeaderUnlessTaken(@TempDir java.nio.file.Path dir) throws Exception {
        var f = dir.resolve("mine.plan");
        Files.writeString(f, "ordering my-replace\ndescription \"mine\"\nclaim unclaimed\n");
        Ordering o = PlanFile.load(f);
        assertEquals("my-replace", o.name());
        assertEquals("mine", o.description());
        assertEquals("file:used-bits-64", PlanFile.parse("x.plan", "ordering used-bits-64\nclaim unclaimed\n").name());
        assertEquals("file:" + ReverseCopyTestOrdering.NAME,
                PlanFile.parse("x.plan", "ordering " + ReverseCopyTestOrdering.NAME + "\nclaim unclaimed\n").name());
        assertEquals("plan file x.plan", PlanFile.parse("x.plan", "ordering y\nclaim unclaimed\n").description());
    }

    @Test
    void oneFileServesEveryFormatThroughValid() {
        Ordering o = PlanFile.example("clear-then-update");
        for (var format : Formats.all()) {
            for (var c : format.catalogue()) {
                for (var t : format.catalogue()) assertTrue(o.plan(format, c.entry(), t.entry()).reachesTarget());
            }
        }
    }
}
