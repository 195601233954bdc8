package dev.hitless.measure;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.entry.Entry;
import dev.hitless.format.Formats;
import dev.hitless.format.SmmuSte;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * How the checker's time and memory grow with the distinct values per chunk and the window length. The plan is the
 * one issue 10 measured: on smmu-ste {@code s2-vmid1 -> s2-vmid2}, {@code V} distinct values stored into each of
 * qwords {@code 0..K-1} (S1CDMax/S1Fmt in q0, SHCFG/S1STALLD/STRW/S1CIR in q1, S2VMID in q2, S2TTB in q3), all in
 * one window, then one entry sync: a window of {@code V*K} stores. The old checker enumerated {@code (V+1)^K}
 * observations for it ("product" column); this one branches only on the bits that decide the used bits.
 *
 * <pre>
 *   java -cp core/target/hitless.jar dev.hitless.measure.CheckerScaling [--values 1,4,16,64] [--qwords 1,2,4]
 * </pre>
 * Time is the median of {@code --repeat} checks after {@code --warmup} ones, in one JVM; memory is the bytes the
 * checking thread allocates per check (ThreadMXBean), the figure that made the old checker need 2.5 GB.
 */
@Command(name = "checker-scaling", mixinStandardHelpOptions = true,
        description = "Prints checker time and memory against distinct values per chunk and window length.")
public final class CheckerScaling implements Callable<Integer> {
    @Option(names = "--values", split = ",", description = "distinct values per qword (default: ${DEFAULT-VALUE})", defaultValue = "1,4,16,64")
    int[] values;

    @Option(names = "--qwords", split = ",", description = "qwords changed, from q0 (1..4; default: ${DEFAULT-VALUE})", defaultValue = "1,2,4")
    int[] qwords;

    @Option(names = "--repeat", description = "measured checks per row (default: ${DEFAULT-VALUE})", defaultValue = "9")
    int repeat;

    @Option(names = "--warmup", description = "unmeasured checks per row first (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int warmup;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CheckerScaling()).execute(args));
    }

    /** The measured plan: {@code v} values into each of qwords {@code 0..k-1}, interleaved, then one entry sync. */
    public static Plan plan(int v, int k) {
        SmmuSte f = Formats.ste();
        Entry cur = f.parseConfig("s2-vmid1");
        Entry tgt = f.parseConfig("s2-vmid2");
        List<Step> steps = new ArrayList<>();
        for (int n = 1; n <= v; n++) {
            Entry e = cur;
            if (k > 0) e = SmmuSte.S1FMT.set(SmmuSte.S1CDMAX.set(e, n % 32), (n / 32) % 4);
            if (k > 1) e = SmmuSte.S1CIR.set(SmmuSte.STRW.set(SmmuSte.S1STALLD.set(SmmuSte.SHCFG.set(e, n % 4), (n / 4) % 2), (n / 8) % 4), (n / 32) % 4);
            if (k > 2) e = SmmuSte.S2VMID.set(e, n);
            if (k > 3) e = SmmuSte.S2TTB.set(e, 0x100 + n);
            for (int q = 0; q < k; q++) steps.add(new Step.Store64(q, e.qword(q)));
        }
        steps.add(Step.Sync.of(SyncKind.ENTRY));
        return new Plan("checker-scaling", f, cur, tgt, Claim.UNCLAIMED, steps);
    }

    @Override
    public Integer call() {
        for (int k : qwords) {
            if (k < 1 || k > 4) throw new CommandLine.ParameterException(new CommandLine(this), "--qwords: expected 1..4, found " + k);
        }
        for (int v : values) {
            if (v < 1 || v > 128) throw new CommandLine.ParameterException(new CommandLine(this), "--values: expected 1..128, found " + v);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf("%-16s %6s %6s %14s %12s %10s %14s %6s%n", "visibility", "values", "qwords", "window stores",
                "product", "median ms", "alloc MB/check", "judged");
        for (Visibility vis : Visibility.values()) {
            for (int k : qwords) {
                for (int v : values) {
                    Plan p = plan(v, k);
                    ReaderModel m = ReaderModel.preset("strict", p.format(), vis);
                    for (int i = 0; i < warmup; i++) Checker.check(p, m);
                    long[] ns = new long[repeat];
                    long bytes = 0;
                    CheckResult r = null;
                    for (int i = 0; i < repeat; i++) {
                        long b0 = threads.getCurrentThreadAllocatedBytes();
                        long t0 = System.nanoTime();
                        r = Checker.check(p, m);
                        ns[i] = System.nanoTime() - t0;
                        bytes += threads.getCurrentThreadAllocatedBytes() - b0;
                    }
                    Arrays.sort(ns);
                    System.out.printf("%-16s %6d %6d %14d %12.3g %10.2f %14.1f %6d%n", vis.label(), v, k, v * k,
                            Math.pow(v + 1, k), ns[repeat / 2] / 1e6, bytes / (double) repeat / 1e6, r.distinctObservations());
                }
            }
        }
        return 0;
    }
}
