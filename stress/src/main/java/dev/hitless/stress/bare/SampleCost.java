package dev.hitless.stress.bare;

import dev.hitless.memory.EntryTable;
import dev.hitless.plan.PlanExecutor;
import dev.hitless.plan.SyncHandler;
import dev.hitless.stress.showcase.StructCopyTears;
import dev.hitless.suite.StressCase;
import org.openjdk.jcstress.infra.results.I_Result;
import org.openjdk.jcstress.infra.results.L_Result;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * Where one sample's time goes, one thread at a time: the CPU time (not wall time, so other load on the machine
 * counts less) of each part of a jcstress sample of {@link StructCopyTears} against {@link Bare8LongRace}: making
 * the state, the writer actor, the reader actor; and, inside the struct copy's writer, the plan's stores in program
 * order against the shuffled order it performs (docs/stress-profile.md). No race: the parts' own cost, which bounds
 * what the race can reach; what the race adds (cache lines moving between cores, waiting) is measured by jcstress.
 *
 * How to run (after mvn -q -B -DskipTests package; once per JIT configuration of interest):
 *   java --enable-native-access=ALL-UNNAMED -XX:-TieredCompilation -cp stress/target/jcstress.jar dev.hitless.stress.bare.SampleCost
 *   java --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -cp stress/target/jcstress.jar dev.hitless.stress.bare.SampleCost
 */
public final class SampleCost {
    /** States per batch: jcstress's default number of live states (256 x 40). */
    private static final int N = 10_240;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static volatile Object sink;

    private SampleCost() {
    }

    public static void main(String[] args) {
        StressCase c = new StressCase("vtd-pasid", "struct-copy", "fl-did5-a", "fl-did6-b", "strict");
        PlanExecutor.Prepared shuffled = PlanExecutor.prepare(c.plan(), c.readerModel().visibility(), 1);
        PlanExecutor.Prepared asWritten = PlanExecutor.prepare(c.plan(), new dev.hitless.plan.StoreOrder() {
            @Override
            public boolean isOrderingPoint(dev.hitless.plan.Step step) {
                return true;
            }

            @Override
            public boolean keepsOrder(dev.hitless.plan.Step earlier, dev.hitless.plan.Step later) {
                return true;
            }
        }, 1);
        SyncHandler noSync = y -> { };
        StructCopyTears[] s = new StructCopyTears[N];
        Bare8LongRace[] b = new Bare8LongRace[N];
        L_Result r = new L_Result();
        I_Result ir = new I_Result();
        String[] names = {"struct-copy state", "struct-copy writer", "struct-copy reader", "bare state", "bare writer",
                "bare reader", "plan in program order (no sync)", "plan shuffled as the writer runs it (no sync)"};
        try (EntryTable t = EntryTable.allocate(N, 8)) {
            for (int round = 1; round <= 12; round++) {
                double[] ns = new double[names.length];
                int reps = 40;
                for (int rep = 0; rep < reps; rep++) {
                    ns[0] += time(i -> s[i] = new StructCopyTears());
                    ns[1] += time(i -> s[i].writer());
                    ns[2] += time(i -> s[i].reader(r));
                    ns[3] += time(i -> b[i] = new Bare8LongRace());
                    ns[4] += time(i -> b[i].writer());
                    ns[5] += time(i -> b[i].reader(ir));
                    ns[6] += time(i -> asWritten.execute(t, i, noSync, ThreadLocalRandom.current()));
                    ns[7] += time(i -> shuffled.execute(t, i, noSync, ThreadLocalRandom.current()));
                }
                sink = r.r1;
                if (round > 9) { // rounds 1-9 warm up
                    StringBuilder line = new StringBuilder("round " + round + ", ns of CPU per sample:");
                    for (int k = 0; k < names.length; k++) line.append(String.format("  %s %.0f", names[k], ns[k] / reps));
                    System.out.println(line);
                }
            }
        }
    }

    private static double time(IntConsumer part) {
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < N; i++) part.accept(i);
        return (CPU.getCurrentThreadCpuTime() - t0) / (double) N;
    }
}
