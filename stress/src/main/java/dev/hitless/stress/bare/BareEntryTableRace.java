package dev.hitless.stress.bare;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;
import dev.hitless.stress.SlotRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

/*
 * The floor of the emulation: Bare8LongRace's race, but on an off-heap entry of the per-JVM SlotRing through the
 * EntryTable's sequence-locked writers and readers, the way every hitless test stores and fetches. The writer stores
 * eight qwords in program order with EntryTable.writeQword; the reader fetches the entry as four 128-bit chunks in
 * ascending order with EntryTable.readChunk and returns a bit per qword that holds the new value. No plan, no
 * shuffle, no sync handshake, no oracle. So, side by side in one run: Bare8LongRace -> this test is what 128-bit
 * atomicity on off-heap memory costs; this test -> showcase.StructCopyTears is what the plan, the emulated store
 * order, the sync and the judgement add (docs/stress.md, "Throughput").
 *
 * How to run:
 *   stress/run-suite.sh all quick --filter 'Bare8LongRace|BareEntryTableRace|showcase\.StructCopyTears$' -- -sc false
 */
@JCStressTest
@Outcome(expect = ACCEPTABLE, desc = "Bit i set: qword i was read after the writer stored it. Every mix is fine here.")
@State
public class BareEntryTableRace {
    private static final Entry OLD = Entry.zero(8);
    private static final SlotRing RING = SlotRing.of(8);
    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[8]);

    final int slot = RING.next(OLD);

    @Actor
    public void writer() {
        EntryTable t = RING.table();
        for (int i = 0; i < 8; i++) t.writeQword(slot, i, -1L);
    }

    @Actor
    public void reader(I_Result r) {
        EntryTable t = RING.table();
        long[] q = SCRATCH.get();
        for (int c = 0; c < 4; c++) t.readChunk(slot, 128, c, q, 2 * c);
        int mask = 0;
        for (int i = 7; i >= 0; i--) mask = (mask << 1) | (q[i] != 0 ? 1 : 0);
        r.r1 = mask;
    }
}
