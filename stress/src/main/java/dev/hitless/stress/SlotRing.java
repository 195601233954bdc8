package dev.hitless.stress;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Off-heap entries for jcstress states: per entry width, one {@link EntryTable} of {@value #SIZE} entries per JVM (4
 * MiB of 8-qword entries plus 4 MiB of sequences and table words), made on first use and handed out round-robin.
 *
 * <p>jcstress builds a fresh {@code @State} for every sample, tens of millions per run. An arena per state costs
 * about 4x fewer samples (and far fewer observed races) than slicing one long-lived table; a shared arena per
 * state that is never closed leaks about 1.5 GB per fork (docs/stress.md, "Off-heap memory per state"). So each new state takes the
 * next slot of its width's ring and initialises it.
 *
 * <p>Slots are handed out in blocks of {@value #BLOCK}: a thread takes the next block of the ring (one atomic
 * increment) and then the block's slots one by one without any shared write, so jcstress's two actor threads,
 * which construct the next batch of states side by side, do not contend for a lock on every state (a
 * {@code synchronized} cursor did, docs/stress-profile.md). The ring is small enough to stay in the last-level cache
 * (it was 2^20 entries, 128 MiB with sequences and table words: every state's three cache lines were fresh
 * memory).
 *
 * <p>Invariant: a slot is handed out again only after every state that had it is dead, or two live states would
 * share an entry and see each other's stores. A block is taken again after {@code SIZE / BLOCK - 1} = 63 other
 * block takings; all but one per thread that makes states (a handful, at most eight assumed: the actor threads,
 * the harness's main thread) follow {@value #BLOCK} states made, so at least {@code SIZE - 8 x BLOCK} = 57,344
 * states are made before a slot comes back. jcstress 0.16 replaces every state of a test within two epochs of
 * {@code strideSize x strideCount} states (at most 256 x 40 = 10,240 by default: its stride adaptation never goes
 * beyond them), so a state is dead after 20,480 more, well within that; the gate refuses a
 * {@code -strideSize}/{@code -strideCount} whose product exceeds {@link #MAX_LIVE_STATES}, half of 57,344
 * ({@code gate.GateOptions}). The tables are never closed: they live as long as
 * the fork.
 */
public final class SlotRing {
    /** Entries in a ring: 2^16. */
    public static final int SIZE = 1 << 16;
    /** Slots a thread takes at once. */
    static final int BLOCK = 1 << 10;
    /**
     * The most states a test may keep alive at once ({@code strideSize x strideCount} of jcstress): a slot comes
     * back only after at least {@code SIZE - 8 x BLOCK} states (eight threads making states), half of that for
     * the two epochs a state lives.
     */
    public static final int MAX_LIVE_STATES = (SIZE - 8 * BLOCK) / 2;

    /** The ring of each entry width, index {@code qwords}; null until first asked for. */
    private static final SlotRing[] BY_WIDTH = new SlotRing[Entry.MAX_QWORDS + 1];

    private final EntryTable table;
    /** Blocks taken so far, by every thread. */
    private final AtomicInteger blocks = new AtomicInteger();
    /** Each thread's current block: {next slot, end of the block}. */
    private final ThreadLocal<int[]> cursor = ThreadLocal.withInitial(() -> new int[2]);

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
     * sequences reset, its tables uninitialised). jcstress constructs states in the actor threads between epochs
     * and publishes them to the actors safely (its epoch barrier), so plain access is enough here.
     */
    public int next(Entry initial) {
        return next(initial, EntryTable.TABLES);
    }

    /**
     * {@link #next(Entry)}, resetting only tables {@code 0..tables-1}: for a state whose writer and reader use no
     * other table word (a plan initialising {@code tables} tables, {@code TableInit.count()}), so a word left
     * initialised by an earlier state is never read.
     */
    public int next(Entry initial, int tables) {
        int slot = nextIndex();
        table.initPlain(slot, initial);
        table.resetTablesPlain(slot, tables);
        return slot;
    }

    /** The calling thread's next slot: consecutive within a block, a new block (round-robin) when it is used up. */
    private int nextIndex() {
        int[] c = cursor.get();
        if (c[0] == c[1]) {
            int start = (blocks.getAndIncrement() * BLOCK) & (SIZE - 1);
            c[0] = start;
            c[1] = start + BLOCK;
        }
        return c[0]++;
    }
}
