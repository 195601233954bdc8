package dev.hitless.plan;

import dev.hitless.memory.EntryTable;

import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Runs a plan's steps on a live entry in off-heap memory. This is the only code that performs a plan: the jcstress
 * writer actors and the JMH benchmarks call it, and the checker explores the same step list.
 *
 * <p>Stores go through the table's chunk-aware writers, so readers of any chunk width see each 64-bit store and
 * each 128-bit store whole. A barrier is a release fence (earlier stores before later ones, like {@code dma_wmb});
 * a sync calls the {@link SyncHandler}.
 */
public final class PlanExecutor {
    private PlanExecutor() {
    }

    /** Performs {@code plan}'s steps on entry {@code slot} of {@code table}. */
    public static void execute(Plan plan, EntryTable table, int slot, SyncHandler syncs) {
        execute(plan.steps(), table, slot, syncs);
    }

    public static void execute(List<Step> steps, EntryTable table, int slot, SyncHandler syncs) {
        for (int i = 0, n = steps.size(); i < n; i++) {
            switch (steps.get(i)) {
                case Step.Store64 s -> table.writeQword(slot, s.qword(), s.value());
                case Step.Store128 s -> table.writeChunk128(slot, s.chunk(), s.low(), s.high());
                case Step.Barrier b -> VarHandle.releaseFence();
                case Step.Sync s -> syncs.sync(s);
            }
        }
    }
}
