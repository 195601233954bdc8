package dev.hitless.bench;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.memory.EntryTable;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanExecutor;
import dev.hitless.plan.SyncHandler;
import dev.hitless.reader.LiveReader;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;
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

import java.util.concurrent.TimeUnit;

/*
 * What does the device see while the driver replaces its entry?
 *
 * Two threads share one live entry in off-heap memory (@Group "race", one thread each, like JMHSample_15):
 *
 *   writer  replaces A->B, B->A, ... with the ordering's plans, run by PlanExecutor (the plans are computed in
 *           @Setup; the table starts at A).
 *   device  reads the entry through a LiveReader, the hardware reader of dev.hitless.reader (the jcstress reader
 *           actor's code), with chunks of the format's default size (128 bits for a VT-d PASID entry, 64 for
 *           STE/CD, the whole 256-bit DTE in one read, where the two orders are the same), in ascending or per-fetch
 *           permuted order (`order`), and no cache: every read fetches memory.
 *           Each fetch is judged by the Oracle against (A, B).
 *
 * Because the writer toggles, OLD and NEW are symmetric here: a fetch that equals A or B on its own used bits is a
 * good fetch (reported as `fetchOld`/`fetchNew`, i.e. "matches A"/"matches B"). `fetchBlocked` counts fetches of a
 * non-present entry that blocks (VT-d P = 0, SMMUv3 V = 0, AMD-Vi V = 1 with TV = 0: DMA faults or is silently
 * blocked), `fetchUntranslated` fetches of an AMD-Vi DTE with V = 0 that is neither A nor B (DMA passes
 * untranslated, worse than blocked; only the DTE has them), `fetchTorn` fetches of a present entry that is neither A
 * nor B: a configuration nobody wrote.
 *
 * A sync is what the LiveReader does for an entry sync (the reader's contract, dev.hitless.reader: no fetch
 * straddles a completed entry sync), then a spin for the simulated latency of the `sync` parameter (default 0; see
 * SyncLatency). That is exactly the guarantee the orderings rely on, so clear-then-update's non-present window, from
 * the P/V clear to the final P/V store, is open for real and the device fetches into it.
 *
 * Headline figures, from the per-second counters (report: per replace = counter / replaces):
 *   - blocked fetches per replace: > 0 for clear-then-update (and for a used-bits plan that has to take its
 *     breaking path), 0 for a hitless used-bits plan;
 *   - torn fetches: any at all for struct-copy is the bug VT-d removed in 2026; never for the others.
 * Observed (docs/bench/report.md, default settings, sync 0): clear-then-update 0.775 - 1.455 blocked fetches per
 * replace with ascending chunks; used-bits on its hitless transitions (vtd-fl-samedid, ste-s1bypass-ssid0, cd-asid)
 * 0 blocked and 0 torn; used-bits on a breaking plan 0.31 - 0.62 blocked per replace; struct-copy 73,000 - 239,000
 * torn fetches per second on the transitions that change more than one chunk (vtd-fl-newdid, vtd-sl-fl, ste-s1-s2).
 * Two results the checker predicts as well: clear-then-update is TORN with
 * permuted chunks (its set-up writes the body with P = 0, a barrier, then P, with no sync in between, so a fetch
 * that reads a body chunk before the body store and the P chunk after the P store sees a present mix; zero with
 * ascending chunks), and used-bits-128 is TORN on ste-s1-s2 (a 128-bit quantum store is not atomic to the SMMU's
 * 64-bit fetches).
 * Counts depend on the relative speed of the two threads and on scheduling; read them as "zero or not" and as
 * orders of magnitude, not as rates of real hardware.
 *
 * How to run:
 *   java --sun-misc-unsafe-memory-access=allow -jar bench/target/benchmarks.jar ReplaceUnderFetchBench \
 *        -p transition=vtd-fl-newdid -f 1 -wi 1 -i 2 -w 1s -r 1s -foe true
 *   or bench/run-report.sh --quick ReplaceUnderFetchBench
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class ReplaceUnderFetchBench {

    /** The entry both threads share, the plans and the oracle. */
    @State(Scope.Group)
    public static class Live {
        @Param({"vtd-fl-newdid", "vtd-fl-samedid", "vtd-sl-fl", "ste-s1-s2", "ste-s1bypass-ssid0", "cd-asid", "dte-v1-v2",
            "dte-gpt-level", "riscv-s1-root2", "vtdctx-legacy-clear"})
        public String transition;

        /** A combination whose ordering does not apply to the transition's format is skipped, as in ReplaceBench. */
        @Param({"struct-copy", "clear-then-update", "used-bits-64", "used-bits-128", "amd-update-dte256", "riscv-iodir",
            "vtd-context-2026"})
        public String ordering;

        /** Chunk order of one fetch: {@code ascending} (address order) or {@code permuted} (new random order each fetch). */
        @Param({"ascending", "permuted"})
        public String order;

        /** Simulated invalidation latency on top of the handshake, see {@link SyncLatency}. */
        @Param({"0"})
        public String sync;

        EntryTable table;
        Plan ab;
        Plan ba;
        boolean atA;
        Oracle oracle;
        /** The writer's syncs: the device's, plus the simulated latency. */
        SyncHandler syncs;
        /** The device: the hardware reader of the live entry, the same code as the jcstress reader actor's. */
        LiveReader<Seen> device;
        /** False for a combination whose ordering does not apply to the transition's format: nothing to race. */
        boolean applies;

        @Setup(Level.Trial)
        public void setUp() {
            RepresentativeTransition t = RepresentativeTransition.byId(transition);
            var o = Orderings.byName(ordering);
            applies = t.appliesTo(o);
            if (!applies) return;
            EntryFormat f = t.format();
            ab = t.planAB(o);
            ba = t.planBA(o);
            oracle = new Oracle(f, t.a(), t.b());
            ReaderModel.ChunkOrder chunkOrder = switch (order) {
                case "ascending" -> ReaderModel.ChunkOrder.ASCENDING;
                case "permuted" -> ReaderModel.ChunkOrder.ANY;
                default -> throw new IllegalArgumentException("order must be ascending or permuted, got " + order);
            };
            table = EntryTable.allocate(1, t.a().qwords());
            table.initPlain(0, t.a());
            ReaderModel model = new ReaderModel(f.defaultChunkBits(), chunkOrder, ReaderModel.Cache.NONE);
            device = LiveReader.device(model, t.a(), oracle::judge).attach(table, 0);
            atA = true;
            SyncLatency lat = SyncLatency.parse(sync);
            syncs = s -> {
                device.sync(s);
                SyncLatency.spin(lat.nanos(s));
            };
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (!applies) return;
            Entry expected = atA ? oracle.old() : oracle.target();
            Entry actual = table.loadEntryOpaque(0);
            table.close();
            if (!actual.equals(expected)) {
                throw new IllegalStateException(ordering + " " + transition + ": table ends at " + actual + ", expected " + expected);
            }
        }
    }

    /** The writer's counter: replaces per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class WriterCounters {
        public long replaces;

        @Setup(Level.Iteration)
        public void reset() {
            replaces = 0;
        }
    }

    /** What the device saw, per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class DeviceCounters {
        /** Fetches equal to A on their used bits. */
        public long fetchOld;
        /** Fetches equal to B on their used bits. */
        public long fetchNew;
        /** Fetches of a non-present entry: DMA would fault. */
        public long fetchBlocked;
        /** Fetches of a present entry that is neither A nor B. */
        public long fetchTorn;
        /**
         * Fetches of an entry that is neither A nor B and lets DMA through untranslated (AMD-Vi V=0; never on a format
         * whose non-present entries block).
         */
        public long fetchUntranslated;

        @Setup(Level.Iteration)
        public void reset() {
            fetchOld = fetchNew = fetchBlocked = fetchTorn = fetchUntranslated = 0;
        }
    }

    /** The device's private fetch buffer: as wide as the widest entry, so it fits every format's. */
    @State(Scope.Thread)
    public static class Fetcher {
        final long[] buf = new long[Entry.MAX_QWORDS];
    }

    @Benchmark
    @Group("race")
    @GroupThreads(1)
    public void writer(Live live, WriterCounters c) {
        if (!live.applies) return;
        PlanExecutor.execute(live.atA ? live.ab : live.ba, live.table, 0, live.syncs);
        live.atA = !live.atA;
        c.replaces++;
    }

    @Benchmark
    @Group("race")
    @GroupThreads(1)
    public Seen device(Live live, Fetcher f, DeviceCounters c) {
        if (!live.applies) return null;
        Seen seen = live.device.read(f.buf);
        switch (seen) {
            case OLD -> c.fetchOld++;
            case NEW -> c.fetchNew++;
            case BLOCKED -> c.fetchBlocked++;
            case TORN -> c.fetchTorn++;
            case UNTRANSLATED -> c.fetchUntranslated++;
            case UNINIT -> throw new IllegalStateException("UNINIT: this device walks no tables");
        }
        return seen;
    }
}
