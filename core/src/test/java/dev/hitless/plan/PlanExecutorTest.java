package dev.hitless.plan;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.memory.EntryTable;
import dev.hitless.ordering.Orderings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running a plan on off-heap memory leaves exactly what the plan's own step list computes, and hands every sync out. */
class PlanExecutorTest {

    @Test
    void everyBuiltInPlanLeavesTheTargetInMemory() {
        int runs = 0;
        for (EntryFormat f : Formats.all()) {
            try (EntryTable table = EntryTable.allocate(4, f.qwords())) {
                for (NamedConfig from : f.catalogue()) {
                    for (NamedConfig to : f.catalogue()) {
                        for (Ordering o : Orderings.builtInsFor(f)) {
                            Plan plan = o.plan(f, from.entry(), to.entry());
                            table.initPlain(2, from.entry());
                            List<Step.Sync> syncs = new ArrayList<>();
                            PlanExecutor.execute(plan, table, 2, syncs::add);
                            String what = o.name() + " " + f.name() + " " + from.name() + " -> " + to.name();
                            assertEquals(to.entry(), table.loadEntryOpaque(2), what);
                            assertTrue(plan.reachesTarget(), what);
                            assertEquals(plan.steps().stream().filter(s -> s instanceof Step.Sync).count(), syncs.size(), what);
                            runs++;
                        }
                    }
                }
            }
        }
        assertTrue(runs > 1000, "ran " + runs);
    }

    @Test
    void executionTouchesOnlyItsOwnSlot() {
        Entry a = Entry.parse("0x49 0x800005 0x100000 0 0 0 0 0", 8);
        Entry b = Entry.parse("0x49 0x800006 0x200000 0 0 0 0 0", 8);
        try (EntryTable table = EntryTable.allocate(3, 8)) {
            for (int s = 0; s < 3; s++) table.initPlain(s, a);
            Plan plan = Orderings.byName("struct-copy").plan(Formats.vtd(), a, b);
            PlanExecutor.execute(plan, table, 1, SyncHandler.NONE);
            assertEquals(a, table.loadEntryOpaque(0));
            assertEquals(b, table.loadEntryOpaque(1));
            assertEquals(a, table.loadEntryOpaque(2));
        }
    }

    @Test
    void aPlanThatMissesItsTargetSaysSo() {
        Entry a = Entry.parse("0x49 0x800005 0x100000 0 0 0 0 0", 8);
        Entry b = Entry.parse("0x49 0x800006 0x200000 0 0 0 0 0", 8);
        Plan full = Orderings.byName("struct-copy").plan(Formats.vtd(), a, b);
        List<Step> steps = new ArrayList<>(full.steps());
        steps.remove(1); // the store of qword 1, which holds the new DID
        Plan missing = full.withSteps("broken", steps);
        assertFalse(missing.reachesTarget());
        String printed = missing.toString();
        assertTrue(printed.contains("final entry is not the target"), printed);
        assertTrue(printed.contains("DID 0x6->0x5"), printed);
    }
}
