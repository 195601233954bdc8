package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.Formats;
import dev.hitless.ordering.ReverseCopyTestOrdering;
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
        assertEquals(1, plan(body, A, Entry.ZERO).storeCount());
        assertEquals(0, plan(body, A, B).storeCount());
        assertEquals(1, plan(body, Entry.ZERO, B).storeCount());
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
