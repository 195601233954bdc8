package dev.hitless.plan;

import dev.hitless.entry.Entry;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One thing a driver does to a live entry. A {@link Plan} is a list of these; the same list is applied to entry
 * values by the checker ({@link #applyTo(Entry)}) and to off-heap memory by {@link PlanExecutor}.
 */
public sealed interface Step permits Step.Store64, Step.Store128, Step.Barrier, Step.Sync {

    /** The entry after this step; barriers and syncs leave it unchanged. */
    Entry applyTo(Entry e);

    /**
     * The store of quantum {@code index} of {@code value}: for 64-bit quanta a {@link Store64} of qword {@code index},
     * for 128-bit quanta a {@link Store128} of chunk {@code index} (qwords {@code 2*index} and {@code 2*index+1}).
     *
     * @throws IllegalArgumentException when the quantum lies outside {@code value}'s entry
     */
    static Step storeQuantum(boolean wide, int index, Entry value) {
        int quanta = wide ? value.qwords() / 2 : value.qwords();
        if (index < 0 || index >= quanta) {
            throw new IllegalArgumentException((wide ? "128-bit chunk " : "qword ") + index + " outside 0.." + (quanta - 1)
                    + " of a " + value.qwords() + "-qword entry");
        }
        return wide ? new Store128(index, value.qword(2 * index), value.qword(2 * index + 1))
                : new Store64(index, value.qword(index));
    }

    /** True for the steps that change memory. */
    default boolean isStore() {
        return false;
    }

    /** Bit {@code q} set for each qword this step writes; 0 for a barrier or a sync. */
    default int writtenQwords() {
        return 0;
    }

    /**
     * One 64-bit single-copy-atomic store of qword {@code qword} (0..7 here; a {@link Plan} keeps it inside its
     * format's entry). A {@code WRITE_ONCE} of a u64 unless {@code plain}:
     * a plain store is what a C struct assignment ({@code *pte = new_pte}) compiles to, which the compiler may move
     * past any other store up to the next compiler barrier, so it is unordered even under
     * {@link dev.hitless.reader.Visibility#IN_ORDER in-order} visibility (the
     * {@linkplain dev.hitless.reader reader's contract}, rule 1).
     */
    record Store64(int qword, long value, boolean plain) implements Step {
        public Store64 {
            if (qword < 0 || qword >= Entry.MAX_QWORDS) throw new IllegalArgumentException("qword " + qword + " outside 0..7");
        }

        /** A {@code WRITE_ONCE} store. */
        public Store64(int qword, long value) {
            this(qword, value, false);
        }

        @Override
        public Entry applyTo(Entry e) {
            return e.withQword(qword, value);
        }

        @Override
        public boolean isStore() {
            return true;
        }

        @Override
        public int writtenQwords() {
            return 1 << qword;
        }
    }

    /**
     * One 128-bit single-copy-atomic store (cmpxchg16b) of chunk {@code chunk}, i.e. qwords {@code 2*chunk} (low)
     * and {@code 2*chunk+1} (high); 0..3 here, and a {@link Plan} keeps it inside its format's entry.
     */
    record Store128(int chunk, long low, long high) implements Step {
        public Store128 {
            if (chunk < 0 || chunk >= Entry.MAX_QWORDS / 2) throw new IllegalArgumentException("128-bit chunk " + chunk + " outside 0..3");
        }

        @Override
        public Entry applyTo(Entry e) {
            return e.withQword(2 * chunk, low).withQword(2 * chunk + 1, high);
        }

        @Override
        public boolean isStore() {
            return true;
        }

        @Override
        public int writtenQwords() {
            return 3 << (2 * chunk);
        }
    }

    /**
     * A write barrier of a {@link BarrierKind}: {@code dma_wmb} orders every earlier store before every later one as
     * the device sees them, {@code smp_wmb} only as other CPUs see them. What each kind orders under each visibility
     * is the {@linkplain dev.hitless.reader reader's contract}, rule 1.
     */
    record Barrier(BarrierKind kind) implements Step {
        public Barrier {
            if (kind == null) throw new IllegalArgumentException("a barrier needs a kind");
        }

        /** A {@code dma_wmb()}, the barrier the kernel uses before a device may read what was stored. */
        public Barrier() {
            this(BarrierKind.DMA_WMB);
        }

        @Override
        public Entry applyTo(Entry e) {
            return e;
        }
    }

    /**
     * Invalidate and wait. With {@link SyncKind#ENTRY} it is an entry sync, a boundary for the hardware reader; what
     * that means is the {@linkplain dev.hitless.reader reader's contract}.
     */
    record Sync(Set<SyncKind> kinds) implements Step {
        public Sync {
            if (kinds.isEmpty()) throw new IllegalArgumentException("a sync needs at least one kind");
            kinds = Set.copyOf(EnumSet.copyOf(kinds));
        }

        public static Sync of(SyncKind first, SyncKind... rest) {
            return new Sync(EnumSet.of(first, rest));
        }

        /** True for an entry sync: a boundary for the hardware reader ({@linkplain dev.hitless.reader contract}). */
        public boolean invalidatesEntry() {
            return kinds.contains(SyncKind.ENTRY);
        }

        /** Kinds in declaration order, e.g. {@code entry+iotlb}. */
        public String label() {
            return EnumSet.copyOf(kinds).stream().map(SyncKind::label).collect(Collectors.joining("+"));
        }

        @Override
        public Entry applyTo(Entry e) {
            return e;
        }
    }
}
