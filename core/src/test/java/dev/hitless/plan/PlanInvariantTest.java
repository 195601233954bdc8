package dev.hitless.plan;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NarrowFormats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A plan's entries have its format's width and its stores lie inside the entry: a plan that breaks either is a bug. */
class PlanInvariantTest {
    private static final EntryFormat FOUR = NarrowFormats.FOUR;
    private static final Entry A = FOUR.parseConfig("host1-a"), B = FOUR.parseConfig("host2-a");

    private static Plan plan(Entry current, Entry target, Step... steps) {
        return new Plan("test", FOUR, current, target, Claim.UNCLAIMED, List.of(steps));
    }

    @Test
    void storesInsideTheEntryMakeAPlan() {
        Plan p = plan(A, B, new Step.Store64(3, 0), new Step.Store128(1, 0, 0), Step.Sync.of(SyncKind.ENTRY));
        assertEquals(3, p.steps().size());
    }

    @Test
    void aStorePastTheEntryIsRefused() {
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> plan(A, B, new Step.Store64(4, 0)));
        assertEquals("test on test-four: Store64[qword=4, value=0, plain=false] outside the 4-qword entry", q.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan(A, B, new Step.Store128(2, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> Step.storeQuantum(128, 2, A), "chunk 2 of a 4-qword entry");
    }

    @Test
    void entriesOfAnotherWidthAreRefused() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> plan(A, Entry.zero(8)));
        assertEquals("test on test-four: entries of 4 and 8 qwords for the 4-qword entry", x.getMessage());
    }
}
