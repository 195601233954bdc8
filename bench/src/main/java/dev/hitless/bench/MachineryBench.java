package dev.hitless.bench;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/*
 * What the off-heap machinery costs, single-threaded and uncontended, against the plain Java baseline: a write of
 * one qword (EntryTable.writeQword, with its sequence-lock bumps; storeOpaque, one store; a long[8] element) and a
 * read (readChunk of 128 bits, with its sequence checks; readQword, one acquire load; two long[8] elements).
 * The stress suites and the replace benchmarks run on this machinery, so these ratios bound what they can resolve.
 *
 * Whole-entry variants (added with the replace benchmarks): a replace stores up to eight qwords and a device fetch
 * reads the whole entry, so writeEntry (eight writeQword), writeChunk128 (one emulated cmpxchg16b), fetchEntry128
 * (four 128-bit readChunk, a VT-d fetch) and fetchEntry64 (eight readQword, an SMMU fetch) are set against their
 * long[8] baselines (longArrayWriteEntry, longArrayStore128, longArrayReadEntry). The report prints each as a ratio
 * to its baseline, pairing them by method name (report/MachinerySection.BASELINES; BenchNamesTest keeps the two
 * equal, so a renamed or added method must be named there too).
 *
 * How to run:
 *   mvn -q -B -DskipTests package
 *   java --sun-misc-unsafe-memory-access=allow -jar bench/target/benchmarks.jar MachineryBench
 * Compare ratios within one run; on 2 cores absolute times vary between runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MachineryBench {
    /** The entry measured: 8 qwords, as VT-d PASID entries and SMMUv3 STEs and CDs are. */
    private static final int QWORDS = 8;
    private EntryTable table;
    private final long[] plain = new long[QWORDS];
    private final long[] chunk = new long[2];
    private final long[] fetched = new long[QWORDS];
    private long value;

    @Setup(Level.Trial)
    public void allocate() {
        table = EntryTable.allocate(1, QWORDS);
        table.initPlain(0, Entry.of(1, 2, 3, 4, 5, 6, 7, 8));
        plain[2] = 3;
        plain[3] = 4;
    }

    @TearDown(Level.Trial)
    public void free() {
        table.close();
    }

    // ---- writes (the value changes every call so no store is dead) -------------------------------------------

    @Benchmark
    public void writeQword() {
        table.writeQword(0, 2, ++value);
    }

    @Benchmark
    public void storeOpaque() {
        table.storeOpaque(0, 2, ++value);
    }

    @Benchmark
    public void longArrayStore() {
        plain[2] = ++value;
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    @Benchmark
    public void readChunk128(Blackhole bh) {
        table.readChunk(0, 128, 1, chunk, 0);
        bh.consume(chunk[0]);
        bh.consume(chunk[1]);
    }

    @Benchmark
    public long readQword() {
        return table.readQword(0, 2);
    }

    @Benchmark
    public void longArrayRead128(Blackhole bh) {
        bh.consume(plain[2]);
        bh.consume(plain[3]);
    }

    // ---- whole entries: what one replace stores and one device fetch reads --------------------------------------

    @Benchmark
    public void writeEntry() {
        long v = ++value;
        for (int q = 0; q < QWORDS; q++) table.writeQword(0, q, v + q);
    }

    @Benchmark
    public void longArrayWriteEntry() {
        long v = ++value;
        for (int q = 0; q < QWORDS; q++) plain[q] = v + q;
    }

    @Benchmark
    public void writeChunk128() {
        long v = ++value;
        table.writeChunk128(0, 1, v, v + 1);
    }

    @Benchmark
    public void longArrayStore128() {
        long v = ++value;
        plain[2] = v;
        plain[3] = v + 1;
    }

    @Benchmark
    public long[] fetchEntry128() {
        for (int c = 0; c < 4; c++) table.readChunk(0, 128, c, fetched, 2 * c);
        return fetched;
    }

    @Benchmark
    public long[] fetchEntry64() {
        for (int q = 0; q < QWORDS; q++) fetched[q] = table.readQword(0, q);
        return fetched;
    }

    @Benchmark
    public long[] longArrayReadEntry() {
        System.arraycopy(plain, 0, fetched, 0, QWORDS);
        return fetched;
    }
}
