package dev.hitless.reader;

import dev.hitless.memory.EntryTable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hardware reader at run time, on one live entry of an {@link EntryTable}: a fetch reads the entry in the chunks
 * of a {@link ReaderModel}, each chunk atomically ({@link EntryTable#readChunk}), in the model's order (a random one
 * per fetch for {@code ANY}); and the handshake a sync performs so that no fetch straddles a completed sync. The
 * jcstress reader actor and the JMH device thread both fetch through this class; the checker explores the same model
 * symbolically ({@code dev.hitless.check.Checker}). The cache of the model is the caller's business.
 *
 * <h2>Handshake: a Dekker pair on one fetch sequence per live entry</h2>
 * <pre>
 *   fetch: seq = odd (volatile); full fence; read the chunks; seq = even (release)
 *   sync:  full fence; s = seq (volatile); if s is odd, spin until seq != s
 * </pre>
 * Each side stores, fences, then loads, so at least one sees the other: either the sync sees the fetch in flight and
 * waits for it to end, or the fetch started after the writer's stores were globally visible and sees all of them.
 * The writer's full fence matters on x86, which lets a store pass a later load: without it the sync could read the
 * sequence before its stores leave the store buffer, miss a fetch that has just begun, and let that fetch read chunks
 * from both sides of the sync (the jcstress gate caught this as an outcome the checker rules out). Waiting for the
 * sequence to <em>change</em> (not to become even) lets a device that fetches back to back not starve the writer.
 *
 * <p>Invariants: one fetching thread per {@code LiveReader} (it alone writes the sequence) and one writer per entry.
 */
public final class LiveReader {
    private static final VarHandle SEQ;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(LiveReader.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EntryTable table;
    private final int slot;
    private final int chunkBits;
    private final int[][] orders;
    @SuppressWarnings("unused") // accessed through SEQ
    private long seq;

    /**
     * @param orders the chunk orders of the model, from {@link #chunkOrders} (computed once and shared: a jcstress
     *               test makes one reader per sample)
     */
    public LiveReader(EntryTable table, int slot, int chunkBits, int[][] orders) {
        this.table = table;
        this.slot = slot;
        this.chunkBits = chunkBits;
        this.orders = orders;
    }

    public LiveReader(EntryTable table, int slot, ReaderModel model) {
        this(table, slot, model.chunkBits(), chunkOrders(model));
    }

    /**
     * The chunk orders a fetch may use: one for ASCENDING or DESCENDING; for ANY every permutation when there are at
     * most 4 chunks, else ascending, descending and 256 fixed pseudo-random permutations.
     */
    public static int[][] chunkOrders(ReaderModel m) {
        int n = m.chunks();
        int[] asc = new int[n];
        int[] desc = new int[n];
        for (int i = 0; i < n; i++) {
            asc[i] = i;
            desc[i] = n - 1 - i;
        }
        return switch (m.order()) {
            case ASCENDING -> new int[][] {asc};
            case DESCENDING -> new int[][] {desc};
            case ANY -> {
                List<int[]> all = new ArrayList<>();
                if (n <= 4) {
                    permute(asc.clone(), 0, all);
                } else {
                    all.add(asc);
                    all.add(desc);
                    Random rnd = new Random(0x5EED);
                    for (int k = 0; k < 256; k++) {
                        int[] p = asc.clone();
                        for (int i = n - 1; i > 0; i--) {
                            int j = rnd.nextInt(i + 1);
                            int t = p[i];
                            p[i] = p[j];
                            p[j] = t;
                        }
                        all.add(p);
                    }
                }
                yield all.toArray(new int[0][]);
            }
        };
    }

    private static void permute(int[] a, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permute(a, k + 1, out);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }

    /** One hardware fetch into {@code dst} (8 qwords), announced to the handshake, in a chunk order of the model. */
    public void fetch(long[] dst) {
        int[] order = orders.length == 1 ? orders[0] : orders[ThreadLocalRandom.current().nextInt(orders.length)];
        long s = (long) SEQ.get(this); // only this thread writes seq
        SEQ.setVolatile(this, s + 1);
        VarHandle.fullFence(); // the fetcher's half of the Dekker pair: announce before the first chunk read
        read(order, dst);
        SEQ.setRelease(this, s + 2);
    }

    /**
     * A fetch that needs no handshake, in the model's first chunk order: for the writer itself (a sticky cache is
     * refilled at a sync, while memory is stable) and for set-up.
     */
    public void fetchQuiescent(long[] dst) {
        read(orders[0], dst);
    }

    private void read(int[] order, long[] dst) {
        int per = chunkBits >>> 6;
        for (int c : order) {
            table.readChunk(slot, chunkBits, c, dst, c * per);
        }
    }

    /** The sync's half: returns once no fetch that began before this call is still in flight. */
    public void awaitNoFetchInFlight() {
        VarHandle.fullFence(); // the writer's stores before the sync are visible before it looks at the fetcher
        long s = (long) SEQ.getVolatile(this);
        if ((s & 1) != 0) {
            while ((long) SEQ.getVolatile(this) == s) {
                Thread.onSpinWait();
            }
        }
    }
}
