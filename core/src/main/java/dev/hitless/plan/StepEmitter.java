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
 *   <li>A store writes one quantum ({@link Step#storeQuantum}): a 32-bit word, a 64-bit qword or a 128-bit chunk. {@link #store}
 *       always emits it (a C assignment stores whether or not the value changes); {@link #storeIfChanged} emits it
 *       only when memory differs somewhere in that quantum ({@code entry_set} of the used-bits algorithm). A store is
 *       a {@code WRITE_ONCE} unless asked {@code plain} (a C struct assignment, {@link Step.Store64#plain()}); only
 *       a 64-bit store can be plain (a compiler copies with moves of at most 64 bits for all we may assume).</li>
 *   <li>"Stored since the last sync" is set by every emitted store and cleared by every emitted sync.
 *       {@link #sync} always emits; {@link #syncIfStored} emits only when a store was emitted since the previous sync
 *       (or since the start).</li>
 *   <li>{@link #barrier} always emits a barrier of the kind given ({@code dma_wmb} without one).
 *       {@link #barrierBeforeNextStore} arms one barrier that is emitted immediately before the next store that is
 *       emitted, and never otherwise: skipped stores, syncs and immediate barriers leave it armed; if no store
 *       follows, no barrier is emitted; arming again replaces the armed kind. This is the {@code dma_wmb} that
 *       precedes an entry update's first store.</li>
 * </ul>
 * Not thread-safe: one emitter per plan being built.
 */
public final class StepEmitter {
    private final List<Step> steps = new ArrayList<>();
    private Entry memory;
    private boolean storedSinceSync;
    /** The kind of the barrier armed by {@link #barrierBeforeNextStore}, null when none is. */
    private BarrierKind armed;

    /** An emitter for a plan that starts on the live entry {@code current}. */
    public StepEmitter(Entry current) {
        this.memory = current;
    }

    /** The entry as memory holds it after the steps emitted so far. */
    public Entry memory() {
        return memory;
    }

    /**
     * Stores quantum {@code index} of {@code value} with a {@code WRITE_ONCE} whether or not memory already holds it.
     *
     * @param quantumBits 32 (a store of word {@code index}), 64 (of qword {@code index}) or 128 (of chunk {@code index})
     */
    public void store(int quantumBits, int index, Entry value) {
        store(quantumBits, index, value, false);
    }

    /**
     * Stores quantum {@code index} of {@code value} whether or not memory already holds it.
     *
     * @param quantumBits 32 (a store of word {@code index}), 64 (of qword {@code index}) or 128 (of chunk {@code index})
     * @param plain a plain (compiler-reorderable) store instead of a {@code WRITE_ONCE}; 64-bit only
     */
    public void store(int quantumBits, int index, Entry value, boolean plain) {
        emitStore(quantum(quantumBits, index, value, plain));
    }

    /**
     * Stores quantum {@code index} of {@code value} with a {@code WRITE_ONCE} only if memory differs from it in that
     * quantum.
     *
     * @param quantumBits 32 (a store of word {@code index}), 64 (of qword {@code index}) or 128 (of chunk {@code index})
     * @return true if the store was emitted
     */
    public boolean storeIfChanged(int quantumBits, int index, Entry value) {
        return storeIfChanged(quantumBits, index, value, false);
    }

    /**
     * Stores quantum {@code index} of {@code value} only if memory differs from it in that quantum.
     *
     * @param quantumBits 32 (a store of word {@code index}), 64 (of qword {@code index}) or 128 (of chunk {@code index})
     * @param plain a plain (compiler-reorderable) store instead of a {@code WRITE_ONCE}; 64-bit only
     * @return true if the store was emitted
     */
    public boolean storeIfChanged(int quantumBits, int index, Entry value, boolean plain) {
        Step s = quantum(quantumBits, index, value, plain);
        if (s.applyTo(memory).equals(memory)) return false;
        emitStore(s);
        return true;
    }

    /** Emits a {@code dma_wmb} now. */
    public void barrier() {
        barrier(BarrierKind.DMA_WMB);
    }

    /** Emits a write barrier of {@code kind} now. */
    public void barrier(BarrierKind kind) {
        steps.add(new Step.Barrier(kind));
    }

    /** Arms a {@code dma_wmb} to be emitted right before the next emitted store, if any (see the class invariants). */
    public void barrierBeforeNextStore() {
        barrierBeforeNextStore(BarrierKind.DMA_WMB);
    }

    /** Arms a barrier of {@code kind} to be emitted right before the next emitted store, if any (class invariants). */
    public void barrierBeforeNextStore(BarrierKind kind) {
        if (kind == null) throw new IllegalArgumentException("a barrier needs a kind");
        armed = kind;
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
        if (armed != null) {
            steps.add(new Step.Barrier(armed));
            armed = null;
        }
        steps.add(s);
        memory = s.applyTo(memory);
        storedSinceSync = true;
    }

    private static Step quantum(int quantumBits, int index, Entry value, boolean plain) {
        Step s = Step.storeQuantum(quantumBits, index, value);
        if (!plain) return s;
        if (quantumBits != 64) {
            throw new IllegalArgumentException("a plain store is 64-bit (a plain copy is modelled as 64-bit moves), not " + quantumBits);
        }
        return new Step.Store64(index, value.qword(index), true);
    }
}
