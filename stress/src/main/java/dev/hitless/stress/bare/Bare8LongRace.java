package dev.hitless.stress.bare;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

/*
 * The baseline for the harness's throughput: a writer stores eight longs, a reader loads them, with opaque access
 * to an on-heap long[8]. No off-heap slot, no sequence lock, no plan, no sync handshake, no oracle: the reader
 * returns a bit per qword that already holds the new value. Run it in the same jcstress invocation as a hitless
 * test to see what the machinery costs in samples per second (docs/stress.md, "Throughput").
 *
 * How to run:
 *   stress/run-suite.sh all quick --filter 'Bare8LongRace|showcase.StructCopyTears$'
 */
@JCStressTest
@Outcome(expect = ACCEPTABLE, desc = "Bit i set: qword i was read after the writer stored it. Every mix is fine here.")
@State
public class Bare8LongRace {
    private static final VarHandle Q = MethodHandles.arrayElementVarHandle(long[].class);

    final long[] q = new long[8];

    @Actor
    public void writer() {
        for (int i = 0; i < 8; i++) Q.setOpaque(q, i, -1L);
    }

    @Actor
    public void reader(I_Result r) {
        int mask = 0;
        for (int i = 7; i >= 0; i--) mask = (mask << 1) | ((long) Q.getOpaque(q, i) != 0 ? 1 : 0);
        r.r1 = mask;
    }
}
