package dev.hitless.plan;

import dev.hitless.entry.Entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the step list of a plan while tracking the entry as memory holds it: the one place that decides whether a
 * store, a sync or a barrier is emitted. The built-in orderings and the plan-language interpreter both emit through
 * it, so an ordering written in Java and its plan file produce the same steps by construction.
 *
 * <p>Invariants, after any sequence of calls:
 * <ul>
 *   <li>{@link #memory()} is the entry the plan started from with every emitted step applied, in order: what the
 *       live entry holds once the steps so far have run.</li>
 *   <li>A store writes one quantum ({@link Step#storeQuantum}): a 64-bit qword or a 128-bit chunk. {@link #store}
 *       always emits it (a C assignment stores whether or not the value changes); {@link #storeIfChanged} emits it
 *       only when memory differs somewhere in that quantum ({@code entry_set} of the used-bits algorithm).</li>
 *   <li>"Stored since the last sync" is set by every emitted store and cleared by every emitted sync.
 *       {@link #sync} always emits; {@link #syncIfStored} emits only when a store was emitted since the previous sync
 *       (or since the start).</li>
 *   <li>{@link #barrier} always emits a barrier. {@link #barrierBeforeNextStore} arms one barrier that is emitted
 *       immediately before the next store that is emitted, and never otherwise: skipped stores, syncs and plain
 *       barriers leave it armed; if no store follows, no barrier is emitted. This is the {@code dma_wmb} that
 *       precedes an entry update's first store.</li>
 * </ul>
 * Not thread-safe: one emitter per plan being built.
 */
public final class StepEmitter {
    private final List<Step> steps = new ArrayList<>();
    private Entry memory;
    private boolean storedSinceSync;
    private boolean barrierArmed;

    /** An emitter for a plan that starts on the live entry {@code current}. */
    public StepEmitter(Entry current) {
        this.memory = current;
    }

    /** The entry as memory holds it after the steps emitted so far. */
    public Entry memory() {
        return memory;
    }

    /**
     * Stores quantum {@code index} of {@code value} whether or not memory already holds it.
     *
     * @param quantumBits 64 (a store of qword {@code index}) or 128 (a store of chunk {@code index})
     */
    public void store(int quantumBits, int index, Entry value) {
        emitStore(Step.storeQuantum(wide(quantumBits), index, value));
    }

    /**
     * Stores quantum {@code index} of {@code value} only if memory differs from it in that quantum.
     *
     * @param quantumBits 64 (a store of qword {@code index}) or 128 (a store of chunk {@code index})
     * @return true if the store was emitted
     */
    public boolean storeIfChanged(int quantumBits, int index, Entry value) {
        Step s = Step.storeQuantum(wide(quantumBits), index, value);
        if (s.applyTo(memory).equals(memory)) return false;
        emitStore(s);
        return true;
    }

    /** Emits a write barrier now. */
    public void barrier() {
        steps.add(new Step.Barrier());
    }

    /** Arms a write barrier to be emitted right before the next emitted store, if any (see the class invariants). */
    public void barrierBeforeNextStore() {
        barrierArmed = true;
    }

    /** Emits a sync of {@code kinds} now. */
    public void sync(Set<SyncKind> kinds) {
        steps.add(new Step.Sync(kinds));
        storedSinceSync = false;
    }

    /**
     * Emits a sync of {@code kinds} only if a store was emitted since the previous sync (or since the start).
     *
     * @return true if the sync was emitted
     */
    public boolean syncIfStored(Set<SyncKind> kinds) {
        if (!storedSinceSync) return false;
        sync(kinds);
        return true;
    }

    /** The number of steps emitted so far. */
    public int stepCount() {
        return steps.size();
    }

    /** The steps emitted so far, in program order (a copy). */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    private void emitStore(Step s) {
        if (barrierArmed) {
            steps.add(new Step.Barrier());
            barrierArmed = false;
        }
        steps.add(s);
        memory = s.applyTo(memory);
        storedSinceSync = true;
    }

    private static boolean wide(int quantumBits) {
        return switch (quantumBits) {
            case 64 -> false;
            case 128 -> true;
            default -> throw new IllegalArgumentException("a quantum of 64 or 128 bits, not " + quantumBits);
        };
    }
}
