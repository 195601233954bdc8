package dev.hitless.stress;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;

/**
 * Off-heap entries for jcstress states: one {@link EntryTable} of {@value #SIZE} entries per JVM (64 MiB plus
 * sequences), handed out round-robin.
 *
 * <p>jcstress builds a fresh {@code @State} for every sample, tens of millions per run. An arena per state costs
 * about 4x fewer samples (and far fewer observed races) than slicing one long-lived table; a shared arena per
 * state that is never closed leaks about 1.5 GB per fork (docs/stress.md, "Off-heap memory per state"). So each new state takes the
 * next slot of this ring and initialises it.
 *
 * <p>Invariant: the ring must be larger than the number of states alive at once, or two live states would share an
 * entry and see each other's stores. jcstress keeps at most a few thousand states in flight per test (one batch
 * per actor stride), far below {@value #SIZE}. The table is never closed: it lives as long as the fork.
 */
public final class SlotRing {
    /** Entries in the ring: 2^20. */
    public static final int SIZE = 1 << 20;

    /** The table all states share; a state uses only the slot {@link #next} gave it. */
    public static final EntryTable TABLE = EntryTable.allocate(SIZE);

    private static int cursor;

    private SlotRing() {
    }

    /**
     * The next slot, initialised to {@code initial} with plain stores (its chunk sequences reset, its tables
     * uninitialised). jcstress constructs states in one thread and publishes them to the actors safely, so plain
     * access is enough here.
     */
    public static int next(Entry initial) {
        int slot = nextIndex();
        TABLE.initPlain(slot, initial);
        TABLE.resetTablesPlain(slot);
        return slot;
    }

    private static synchronized int nextIndex() {
        int slot = cursor;
        cursor = (slot + 1) & (SIZE - 1);
        return slot;
    }
}
