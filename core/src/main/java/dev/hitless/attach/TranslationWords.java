package dev.hitless.attach;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The cache-tag model's state in off-heap memory, one 64-byte slot per sample: a lock word, then one word each for
 * the two domains' page-table entries, the two domains' invalidation lists, the IOTLB and the device TLB (bit layouts
 * as {@link TranslationMemory} states them). The jcstress cache-tag tests and the benchmarks keep their samples here;
 * {@link AttachExecutor} is the only code that performs the model's steps on it. It lives beside the model rather than
 * in {@code dev.hitless.memory} because it is a {@link TranslationMemory} and the executor needs both it and the entry
 * table (packages stay free of cycles).
 *
 * <h2>Access contract (stated once)</h2>
 * Every step of {@link CacheTags} is one atomic step of its actor (its class comment says why a real IOMMU makes it
 * so). Here that is the slot's lock: {@link #lock} (a CAS with acquire semantics, spinning) and {@link #unlock} (a
 * release store) bracket one step, and every word access inside goes through the slot's {@link Sample} view with plain
 * loads and stores, which the lock orders. Outside a lock only {@link #resetPlain} may touch a slot, before the slot
 * is handed to other threads (jcstress publishes a state safely; a benchmark resets between its own runs).
 *
 * <p>A PTE word is 1 while the page is mapped and 0 once the unmapper cleared it; a list word holds the tag slots
 * under which the device sits on the domain's list; the IOTLB and device-TLB words hold {@link TranslationMemory}'s
 * bits. A slot starts as {@link PackedMemory#initial()} says every replace starts.
 */
public final class TranslationWords implements AutoCloseable {
    /** Bytes per slot: one cache line, so samples of neighbouring jcstress states do not share a line. */
    private static final long SLOT_BYTES = 64;
    private static final long LOCK = 0, PTE = 8, LIST = 24, IOTLB = 40, DEVTLB = 48;

    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    private final Arena arena;
    private final MemorySegment words;
    private final int size;

    private TranslationWords(int size) {
        if (size <= 0) throw new IllegalArgumentException("translation memory size must be positive, got " + size);
        this.size = size;
        this.arena = Arena.ofShared();
        this.words = arena.allocate(size * SLOT_BYTES, SLOT_BYTES);
    }

    /** {@code size} slots in a new shared arena, each reset to the start of a replace. */
    public static TranslationWords allocate(int size) {
        TranslationWords w = new TranslationWords(size);
        for (int i = 0; i < size; i++) w.resetPlain(i);
        return w;
    }

    public int size() {
        return size;
    }

    private long base(int slot) {
        if (slot < 0 || slot >= size) throw new IndexOutOfBoundsException("slot " + slot + " outside 0.." + (size - 1));
        return slot * SLOT_BYTES;
    }

    /**
     * Resets {@code slot} to the start of a replace ({@link PackedMemory#initial()}: both pages mapped, the device on
     * the old domain's list under the old tag, both translation caches empty), with plain stores and the lock free.
     * Not for use while another thread may access the slot.
     */
    public void resetPlain(int slot) {
        WORD.set(words, base(slot) + LOCK, 0L);
        initialise(slot);
    }

    /**
     * Resets {@code slot} as {@link #resetPlain} does, under its lock: for a benchmark's writer that starts its next
     * replace while another thread keeps taking steps on the slot.
     */
    public void reset(int slot) {
        lock(slot);
        try {
            initialise(slot);
        } finally {
            unlock(slot);
        }
    }

    private void initialise(int slot) {
        long b = base(slot);
        for (Domain d : Domain.values()) WORD.set(words, b + PTE + 8L * d.ordinal(), 1L);
        copy(new PackedMemory(PackedMemory.initial()), new Sample(this, b));
    }

    /** Takes {@code slot}'s lock: spins on a CAS (acquire) until it wins. */
    public void lock(int slot) {
        long at = base(slot) + LOCK;
        while (!WORD.weakCompareAndSetAcquire(words, at, 0L, 1L)) Thread.onSpinWait();
    }

    /** Releases {@code slot}'s lock (release store): what the step stored is visible to the next holder. */
    public void unlock(int slot) {
        WORD.setRelease(words, base(slot) + LOCK, 0L);
    }

    /** The view of {@code slot} the model's rules read and write; use it only while holding the slot's lock. */
    public Sample at(int slot) {
        return new Sample(this, base(slot));
    }

    /** Frees the memory. No access may follow. */
    @Override
    public void close() {
        arena.close();
    }

    /** Copies every part of {@code from} into {@code to}. */
    static void copy(TranslationMemory from, TranslationMemory to) {
        for (Domain d : Domain.values()) {
            if (!from.ptePresent(d)) to.clearPte(d);
            else if (!to.ptePresent(d)) throw new IllegalArgumentException("a cleared PTE cannot be mapped again");
            to.setListSlots(d, from.listSlots(d));
        }
        to.setIotlb(from.iotlb());
        to.setDevtlb(from.devtlb());
    }

    /** One slot as a {@link TranslationMemory}: plain accesses, for the holder of the slot's lock. */
    public static final class Sample implements TranslationMemory {
        private final MemorySegment words;
        private final long base;

        private Sample(TranslationWords owner, long base) {
            this.words = owner.words;
            this.base = base;
        }

        private long get(long off) {
            return (long) WORD.get(words, base + off);
        }

        private void set(long off, long v) {
            WORD.set(words, base + off, v);
        }

        @Override
        public boolean ptePresent(Domain d) {
            return get(PTE + 8L * d.ordinal()) != 0;
        }

        @Override
        public void clearPte(Domain d) {
            set(PTE + 8L * d.ordinal(), 0L);
        }

        @Override
        public int listSlots(Domain d) {
            return (int) get(LIST + 8L * d.ordinal());
        }

        @Override
        public void setListSlots(Domain d, int slots) {
            set(LIST + 8L * d.ordinal(), slots);
        }

        @Override
        public int iotlb() {
            return (int) get(IOTLB);
        }

        @Override
        public void setIotlb(int bits) {
            set(IOTLB, bits);
        }

        @Override
        public int devtlb() {
            return (int) get(DEVTLB);
        }

        @Override
        public void setDevtlb(int bits) {
            set(DEVTLB, bits);
        }

        /** This slot's state in the checker's packing ({@link PackedMemory}), to compare runs with the checker's moves. */
        long packed() {
            PackedMemory p = new PackedMemory(0);
            copy(this, p);
            return p.bits;
        }
    }
}
