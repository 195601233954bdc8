package dev.hitless.plan;

import dev.hitless.entry.Entry;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One thing a driver does to a live entry. A {@link Plan} is a list of these; the same list is applied to entry
 * values by the checker ({@link #applyTo(Entry)}) and to off-heap memory by {@link PlanExecutor}.
 */
public sealed interface Step permits Step.Store32, Step.Store64, Step.Store128, Step.Barrier, Step.Sync {

    /** The entry after this step; barriers and syncs leave it unchanged. */
    Entry applyTo(Entry e);

    /**
     * The store of quantum {@code index} of {@code value}: for 32-bit quanta a {@link Store32} of word {@code index}
     * (the low half of qword {@code index / 2} when even), for 64-bit quanta a {@link Store64} of qword {@code index},
     * for 128-bit quanta a {@link Store128} of chunk {@code index} (qwords {@code 2*index} and {@code 2*index+1}).
     *
     * @param quantumBits 32, 64 or 128
     * @throws IllegalArgumentException for another width, or when the quantum lies outside {@code value}'s entry
     */
    static Step storeQuantum(int quantumBits, int index, Entry value) {
        int quanta = quanta(quantumBits, value.qwords());
        if (index < 0 || index >= quanta) {
            String unit = switch (quantumBits) {
                case 32 -> "32-bit word ";
                case 64 -> "qword ";
                default -> "128-bit chunk ";
            };
            throw new IllegalArgumentException(unit + index + " outside 0.." + (quanta - 1) + " of a " + value.qwords() + "-qword entry");
        }
        return switch (quantumBits) {
            case 32 -> new Store32(index, Store32.word(value.qword(index / 2), index));
            case 64 -> new Store64(index, value.qword(index));
            default -> new Store128(index, value.qword(2 * index), value.qword(2 * index + 1));
        };
    }

    /**
     * The number of quanta of {@code quantumBits} (32, 64 or 128) in an entry of {@code qwords} qwords.
     *
     * @throws IllegalArgumentException for another quantum
     */
    static int quanta(int quantumBits, int qwords) {
        return switch (quantumBits) {
            case 32, 64, 128 -> qwords * 64 / quantumBits;
            default -> throw new IllegalArgumentException("a quantum of 32, 64 or 128 bits, not " + quantumBits);
        };
    }

    /** True for the steps that change memory. */
    default boolean isStore() {
        return false;
    }

    /** Bit {@code q} set for each qword this step writes (a 32-bit store sets its qword's); 0 for a barrier or a sync. */
    default int writtenQwords() {
        return 0;
    }

    /**
     * One 32-bit single-copy-atomic store of word {@code word}: 0..15 here (a {@link Plan} keeps it inside its format's
     * entry), word {@code 2q} the low and {@code 2q+1} the high half of qword {@code q}, as a little-endian CPU
     * addresses them (a {@code u32} assignment to {@code ((u32 *)dte)[word]}). The reader fetches at least 64 bits, so
     * it sees the two halves of a qword each old or new; two stores to one qword keep program order
     * ({@link dev.hitless.reader.Visibility#keepsOrder}, rule 1 of the {@linkplain dev.hitless.reader reader's
     * contract}), as stores to the same qword always do.
     */
    record Store32(int word, int value) implements Step {
        public Store32 {
            if (word < 0 || word >= 2 * Entry.MAX_QWORDS) {
                throw new IllegalArgumentException("32-bit word " + word + " outside 0.." + (2 * Entry.MAX_QWORDS - 1));
            }
        }

        /** The qword that holds this word. */
        public int qword() {
            return word / 2;
        }

        /** True for the high half of its qword (an odd word). */
        public boolean high() {
            return (word & 1) != 0;
        }

        /** Word {@code word}'s 32 bits of {@code qwordValue}, the qword that holds it. */
        public static int word(long qwordValue, int word) {
            return (int) ((word & 1) != 0 ? qwordValue >>> 32 : qwordValue);
        }

        @Override
        public Entry applyTo(Entry e) {
            long old = e.qword(qword());
            long v = Integer.toUnsignedLong(value);
            return e.withQword(qword(), high() ? (old & 0xffff_ffffL) | v << 32 : (old & ~0xffff_ffffL) | v);
        }

        @Override
        public boolean isStore() {
            return true;
        }

        @Override
        public int writtenQwords() {
            return 1 << qword();
        }
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
            // An EnumSet: invalidatesEntry, asked by the live reader on every sync of every jcstress sample, is one
            // bit test (a Set.copyOf set hashed and probed: 5% of a struct-copy writer's time, docs/stress-profile.md).
            kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
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
