package dev.hitless.stress.wiring;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;
import dev.hitless.stress.SlotRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Wiring proof for the stress module: a jcstress test that races EntryTable's chunk-aware 64-bit writer against
 * its 64-bit reader on an entry from the per-JVM SlotRing. An aligned qword is single-copy atomic, so the reader
 * sees the whole old value (0) or the whole new one (all ones), never a mix.
 *
 * How to run:
 *   mvn -q -B -DskipTests package
 *   java --enable-native-access=ALL-UNNAMED -jar stress/target/jcstress.jar -t QwordAtomicity -m quick
 *
 * Observed (x86-64, 2 cores, Temurin 25, -m sanity): 0 and -1 only.
 */
@JCStressTest
@Outcome(id = "0",  expect = ACCEPTABLE, desc = "Seeing the old qword: the writer had not stored yet.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "Seeing the new qword: the writer's store was whole.")
@Outcome(           expect = FORBIDDEN,  desc = "Seeing part of each: the 64-bit store or load tore.")
@State
public class QwordAtomicityTest {
    private static final SlotRing RING = SlotRing.of(8);
    private final EntryTable table = RING.table();
    private final int slot = RING.next(Entry.zero(8));

    @Actor
    public void writer() {
        table.writeQword(slot, 3, -1L);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = table.readQword(slot, 3);
    }
}
