package dev.hitless.bench;

import dev.hitless.attach.AttachChecker;
import dev.hitless.attach.AttachExecutor;
import dev.hitless.attach.AttachResult;
import dev.hitless.attach.AttachSequence;
import dev.hitless.attach.Domain;
import dev.hitless.attach.TagProgram;
import dev.hitless.attach.TranslationWords;
import dev.hitless.format.EntryFormat;
import dev.hitless.memory.EntryTable;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.planlang.AttachFile;
import dev.hitless.reader.ReaderModel;
import dev.hitless.suite.RepresentativeTransition;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/*
 * What does covering both domains cost?
 *
 * A replace that keeps every unmap of either domain able to reach the device's translations (the cache-tag model,
 * docs/cache-tags.md) does more than store the entry: it adds the device to the new domain's invalidation list before
 * the switch, flushes the old tag and the device TLB after it, and leaves the old list last (vtd-corrected); ARM's
 * prepare/commit does the same in another order; the temporary-tag route switches three times and keeps a temporary
 * tag on both lists meanwhile. Two costs, each measured for the attach sequences side by side, on real off-heap
 * memory, by AttachExecutor (the code the jcstress cache-tag tests run):
 *
 *   replace  one thread: reset the sample, then the whole writer of the attach sequence (list updates under the
 *            sample's lock, the switches' plans by PlanExecutor, flushes); sample time, compared by medians. `entry-only` is the bare entry ordering
 *            (one switch, no list update, no flush: what hitless alone measures, and what leaves new-domain unmaps
 *            blind, vtd-rid-2024's STALE). The `sync` parameter charges each entry sync and each flush its simulated
 *            invalidation latency (SyncLatency), so the extra flushes cost what they cost.
 *   unmap    (@Group, one thread each) the writer above, replace after replace, while an unmapper thread unmaps the
 *            old and the new domain's page alternately (clear the PTE, read the list, invalidate each tag on it and,
 *            with ATS, the device TLB). Its @AuxCounters count unmaps and invalidations per domain: invalidations
 *            per unmap while a replace is in flight is what each unmap of either domain pays for the device being
 *            on both lists. The unmapper charges no latency itself and pauses briefly between unmaps (so that it
 *            does not keep the sample's lock from the writer); it samples the writer's phases by time.
 *
 * Each replace op includes the sample's reset (eight plain qword stores and six translation words under the lock),
 * the same for every sequence. Read ratios between sequences of one transition and sync latency within one run.
 *
 * How to run:
 *   java --sun-misc-unsafe-memory-access=allow -jar bench/target/benchmarks.jar AttachBench -f 1 -wi 1 -i 3 -w 1s -r 1s -foe true
 *   or bench/run-report.sh --quick --name attach AttachBench
 *
 * Observed: docs/bench.md, "What covering both domains costs".
 */
@State(Scope.Group)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AttachBench {
    /** The bare entry ordering, as an attach sequence: one switch, no list update, no flush. */
    public static final String ENTRY_ONLY = "entry-only";

    /** Which transition (see {@link RepresentativeTransition#benchmarked()}): distinct DIDs and tables, or one DID. */
    @Param({"vtd-fl-newdid", "vtd-fl-samedid"})
    public String transition;

    /** The entry ordering every switch runs (see {@link Orderings#builtIns()}). */
    @Param({"used-bits-128"})
    public String ordering;

    /** The attach sequence: {@value #ENTRY_ONLY} (the baseline) or a built-in ({@link AttachFile#BUILT_INS}). */
    @Param({ENTRY_ONLY, "vtd-corrected", "arm-prepare-commit", "vtd-temporary-tag"})
    public String attach;

    /** Simulated invalidation latency of each entry sync and flush, see {@link SyncLatency}. */
    @Param({"0", "entry=1000/iotlb=1000/devtlb=5000"})
    public String sync;

    /** The unmapper's pause between unmaps, in {@link Blackhole#consumeCPU} tokens (about 0.1-0.2 us here). */
    static final int UNMAP_PAUSE_TOKENS = 64;

    private EntryTable table;
    private TranslationWords words;
    private AttachExecutor executor;
    private AttachExecutor.Sample sample;
    private SplittableRandom rnd;
    /** The writer point the unmapper's completion is judged at: the end (its STALE flag is not counted here). */
    private int end;

    /** {@code name} as an attach sequence: {@value #ENTRY_ONLY} or a built-in. */
    public static AttachSequence sequence(String name) {
        if (name.equals(ENTRY_ONLY)) {
            return AttachFile.parse(ENTRY_ONLY, "attach " + ENTRY_ONLY + "\nabout the bare entry ordering: no list update, no flush\nswitch\n");
        }
        return AttachFile.builtIn(name);
    }

    /** The checked attach sequence a benchmark with these parameters runs. */
    public static AttachResult checked(String transition, String ordering, String attach) {
        RepresentativeTransition t = RepresentativeTransition.byId(transition);
        EntryFormat f = t.format();
        return AttachChecker.check(sequence(attach), Orderings.byName(ordering), f, t.a(), t.b(), ReaderModel.strict(f),
                AttachChecker.DEFAULT_ATS);
    }

    /** The invalidation a flush event issues: IOTLB or device TLB. */
    private static SyncKind kindOf(TagProgram.Event flush) {
        return flush.kind() == TagProgram.Event.Kind.FLUSH_IOTLB ? SyncKind.IOTLB : SyncKind.DEVTLB;
    }

    /**
     * What the latency model charges one replace of {@code r}: every entry sync of its switches' plans and every
     * flush, in ns. The floor of the measured time at a non-zero {@code sync}; the report prints it beside it.
     */
    public static long modelledWaitNanos(AttachResult r, SyncLatency lat) {
        long n = 0;
        for (AttachResult.SwitchRun s : r.switches()) {
            for (Step step : s.plan().steps()) if (step instanceof Step.Sync y) n += lat.nanos(y);
        }
        for (TagProgram.Event e : r.program().events()) {
            if (e.kind() == TagProgram.Event.Kind.FLUSH_IOTLB || e.kind() == TagProgram.Event.Kind.FLUSH_DEVTLB) n += lat.nanos(kindOf(e));
        }
        return n;
    }

    @Setup(Level.Trial)
    public void setUp() {
        executor = AttachExecutor.of(checked(transition, ordering, attach));
        SyncLatency lat = SyncLatency.parse(sync);
        AttachExecutor.Waits waits = lat.isZero() ? AttachExecutor.Waits.NONE : new AttachExecutor.Waits() {
            @Override
            public void entrySync(Step.Sync s) {
                SyncLatency.spin(lat.nanos(s));
            }

            @Override
            public void flushed(TagProgram.Event flush) {
                SyncLatency.spin(lat.nanos(kindOf(flush)));
            }
        };
        table = EntryTable.allocate(1, executor.result().domains().format().qwords());
        words = TranslationWords.allocate(1);
        sample = executor.sample(table, 0, words, 0, waits);
        rnd = new SplittableRandom(0x5EED);
        end = executor.points() - 1;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        var expected = executor.result().domains().entryOf(dev.hitless.attach.TagId.NEW, Domain.NEW);
        var actual = table.loadEntryOpaque(0);
        table.close();
        words.close();
        if (!actual.equals(expected)) throw new IllegalStateException(attach + " " + transition + ": entry ends at " + actual);
    }

    /**
     * One replace: reset, then the attach sequence's whole writer (a group of one, so it may share this state class).
     * Sample time, so the report can compare medians: on a shared machine a preemption inside a spin lands in the
     * mean of every op around it, not in the median.
     */
    @Benchmark
    @Group("replace")
    @GroupThreads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void replace() {
        sample.reset();
        executor.writer(sample, rnd, -1, null);
    }

    /** The writer's counter in the unmap group: replaces per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class WriterCounters {
        public long replaces;

        @Setup(Level.Iteration)
        public void clear() {
            replaces = 0;
        }
    }

    /** The unmapper's counters: unmaps and invalidations per second, per domain unmapped. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class UnmapCounters {
        public long unmapsOld;
        public long iotlbOld;
        public long devtlbOld;
        public long unmapsNew;
        public long iotlbNew;
        public long devtlbNew;
        boolean nextNew;

        @Setup(Level.Iteration)
        public void clear() {
            unmapsOld = iotlbOld = devtlbOld = unmapsNew = iotlbNew = devtlbNew = 0;
        }
    }

    @Benchmark
    @Group("unmap")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void writer(WriterCounters c) {
        sample.reset();
        executor.writer(sample, rnd, -1, null);
        c.replaces++;
    }

    @Benchmark
    @Group("unmap")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void unmapper(UnmapCounters c) {
        // A pause between unmaps: back to back, the unmapper re-takes the sample's test-and-set lock before the
        // spinning writer sees it free, and the writer's phases (which the unmaps sample) stretch at its lock steps.
        Blackhole.consumeCPU(UNMAP_PAUSE_TOKENS);
        boolean nw = c.nextNew;
        c.nextNew = !nw;
        AttachExecutor.Unmap u = executor.unmap(sample, nw ? Domain.NEW : Domain.OLD, end);
        if (nw) {
            c.unmapsNew++;
            c.iotlbNew += u.iotlbInvalidations();
            c.devtlbNew += u.devtlbInvalidations();
        } else {
            c.unmapsOld++;
            c.iotlbOld += u.iotlbInvalidations();
            c.devtlbOld += u.devtlbInvalidations();
        }
    }
}
