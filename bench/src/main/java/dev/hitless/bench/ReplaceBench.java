package dev.hitless.bench;

import dev.hitless.memory.EntryTable;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanExecutor;
import dev.hitless.plan.SyncHandler;
import dev.hitless.suite.RepresentativeTransition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/*
 * What does one replace cost the writer?
 *
 * One thread replaces a live entry in off-heap memory back and forth, A->B then B->A, with the plan an ordering
 * makes for the transition, run by PlanExecutor, the only code in the project that performs plans. Both plans are
 * computed in @Setup; the measured method is just "execute the next plan". No device reads the entry here (see
 * ReplaceUnderFetchBench for that), so what is measured is the stores, barriers and sync waits of the plan.
 *
 * The syncs dominate. Each sync busy-spins for a simulated invalidation latency (SyncLatency, the `sync`
 * parameter): `0` shows the bare cost of the stores and of the seqlock emulation of wide atomic stores, `1000`
 * charges 1 us per kind of invalidation, `entry=500/iotlb=1000/devtlb=5000` charges each kind its own latency
 * (a sync with entry+iotlb+devtlb waits for the sum). It is a model of the invalidation queue, not a measurement of
 * any IOMMU; it lets the reader see how the orderings rank once the invalidations cost what they cost on their
 * machine. A plan's cost is about (number of syncs x latency) + stores; used-bits issues 1..3 entry-only syncs,
 * clear-then-update issues two syncs of which the first also flushes the IOTLB and device TLB.
 *
 * One op = one replace (half of a round trip). Read ratios between orderings of the same transition and sync
 * latency in one run, never absolute times across runs: this is a 2-core machine shared with other builds.
 *
 * How to run:
 *   java --sun-misc-unsafe-memory-access=allow -jar bench/target/benchmarks.jar ReplaceBench \
 *        -p transition=vtd-fl-samedid -p sync=0,1000 -f 1 -wi 1 -i 3 -w 1s -r 1s -foe true
 *   or bench/run-report.sh --quick ReplaceBench
 *
 * Observed (docs/bench/report.md: AMD EPYC, 2 cores, JDK 25, `bench/run-report.sh --name run3`, default settings),
 * time of a replace / time of a clear-then-update replace, same transition and latency:
 *
 *   sync                                 used-bits-64, hitless plans    used-bits-64, breaking plans   struct-copy
 *   0 (stores only)                      0.11 - 0.18                    0.26 - 0.35                     0.36 - 0.45
 *   1000 ns per kind                     0.20                           0.60 - 0.62                     0.57 - 0.58
 *   entry=1000/iotlb=1000/devtlb=5000    0.116 - 0.118                  0.35                            0.75 - 0.77
 *
 * (hitless: vtd-fl-samedid, ste-s1bypass-ssid0, cd-asid; breaking under 64-bit quanta: vtd-fl-newdid, vtd-sl-fl,
 * ste-s1-s2.) With a latency the ratios follow the sync count and kinds almost exactly: 1 entry sync against
 * teardown's 3 + 2 kinds is 1/5 at 1000 ns per kind.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ReplaceBench {
    // JMH names each parameter after its field; the report reads them by the names in BenchParams (BenchNamesTest
    // fails when a field is renamed without its constant).

    /** Which transition (see {@link RepresentativeTransition#benchmarked()}). */
    @Param({"vtd-fl-newdid", "vtd-fl-samedid", "vtd-sl-fl", "ste-s1-s2", "ste-s1bypass-ssid0", "cd-asid", "dte-v1-v2",
            "dte-gpt-level", "riscv-s1-root2", "vtdctx-legacy-clear"})
    public String transition;

    /**
     * Which ordering (see {@link Orderings#builtIns()}). JMH runs every combination with {@link #transition}; one whose
     * ordering does not apply to the transition's format ({@code amd-update-dte256} on a VT-d entry) is skipped: its
     * trial measures nothing and the report leaves it out ({@link RepresentativeTransition#appliesTo}).
     */
    @Param({"struct-copy", "clear-then-update", "used-bits-64", "used-bits-128", "amd-update-dte256", "riscv-iodir",
            "vtd-context-2026"})
    public String ordering;

    /** Simulated invalidation latency, see {@link SyncLatency}. */
    @Param({"0", "1000", "entry=1000/iotlb=1000/devtlb=5000"})
    public String sync;

    private EntryTable table;
    private Plan ab;
    private Plan ba;
    private boolean atA;
    private SyncHandler syncs;
    /** Syncs performed; read in @TearDown so the JIT cannot drop the handler. */
    private long syncCount;
    /** False for a combination whose ordering does not apply to the transition's format: nothing to measure. */
    private boolean applies;

    @Setup(Level.Trial)
    public void setUp() {
        RepresentativeTransition t = RepresentativeTransition.byId(transition);
        var o = Orderings.byName(ordering);
        applies = t.appliesTo(o);
        if (!applies) return;
        ab = t.planAB(o);
        ba = t.planBA(o);
        table = EntryTable.allocate(1, t.a().qwords());
        table.initPlain(0, t.a());
        atA = true;
        SyncLatency lat = SyncLatency.parse(sync);
        syncs = s -> {
            syncCount++;
            SyncLatency.spin(lat.nanos(s));
        };
    }

    @Benchmark
    public void replace() {
        if (!applies) return;
        PlanExecutor.execute(atA ? ab : ba, table, 0, syncs);
        atA = !atA;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!applies) return;
        RepresentativeTransition t = RepresentativeTransition.byId(transition);
        var expected = atA ? t.a() : t.b();
        var actual = table.loadEntryOpaque(0);
        table.close();
        if (!actual.equals(expected)) {
            throw new IllegalStateException(ordering + " " + transition + ": table ends at " + actual + ", expected " + expected);
        }
        if (syncCount < 0) throw new AssertionError();
    }
}
