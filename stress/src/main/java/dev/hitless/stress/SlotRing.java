package dev.hitless.stress;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;

/**
 * Off-heap entries for jcstress states: per entry width, one {@link EntryTable} of {@value #SIZE} entries per JVM (64
 * MiB of 8-qword entries, 32 MiB of 4-qword ones, plus sequences), made on first use and handed out round-robin.
 *
 * <p>jcstress builds a fresh {@code @State} for every sample, tens of millions per run. An arena per state costs
 * about 4x fewer samples (and far fewer observed races) than slicing one long-lived table; a shared arena per
 * state that is never closed leaks about 1.5 GB per fork (docs/stress.md, "Off-heap memory per state"). So each new state takes the
 * next slot of its width's ring and initialises it.
 *
 * <p>Invariant: a ring must be larger than the number of its states alive at once, or two live states would share an
 * entry and see each other's stores. jcstress keeps at most a few thousand states in flight per test (one batch
 * per actor stride), far below {@value #SIZE}. The tables are never closed: they live as long as the fork.
 */
public final class SlotRing {
    /** Entries in a ring: 2^20. */
    public static final int SIZE = 1 << 20;

    /** The ring of each entry width, index {@code qwords}; null until first asked for. */
    private static final SlotRing[] BY_WIDTH = new SlotRing[Entry.MAX_QWORDS + 1];

    private final EntryTable table;
    private int cursor;

    private SlotRing(int qwords) {
        this.table = EntryTable.allocate(SIZE, qwords);
    }

    /** The ring of entries of {@code qwords} qwords (2, 4 or 8: the format's width), made on first use. */
    public static synchronized SlotRing of(int qwords) {
        if (BY_WIDTH[Entry.requireWidth(qwords)] == null) BY_WIDTH[qwords] = new SlotRing(qwords);
        return BY_WIDTH[qwords];
    }

    /** The table all states of this width share; a state uses only the slot {@link #next} gave it. */
    public EntryTable table() {
        return table;
    }

    /**
     * The next slot, initialised to {@code initial} (as wide as this ring's entries) with plain stores (its chunk
     * sequences reset, its tables uninitialised). jcstress constructs states in one thread and publishes them to the
     * actors safely, so plain access is enough here.
     */
    public int next(Entry initial) {
        int slot = nextIndex();
        table.initPlain(slot, initial);
        table.resetTablesPlain(slot);
        return slot;
    }

    private synchronized int nextIndex() {
        int slot = cursor;
        cursor = (slot + 1) & (SIZE - 1);
        return slot;
    }
}
