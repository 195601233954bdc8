package dev.hitless.bench;

import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated cost of a sync: a model, not a measurement of any IOMMU.
 *
 * <p>On real hardware a replace's cost is dominated by the invalidations its syncs issue (VT-d: PASID-cache, IOTLB
 * and device-TLB invalidation descriptors plus a wait descriptor on the invalidation queue; SMMUv3: CFGI_STE/CFGI_CD,
 * TLBI, ATC_INV plus CMD_SYNC), typically from hundreds of nanoseconds to several microseconds, and far more for a
 * device-TLB (ATS) invalidation that has to cross PCIe. The CPU stores themselves cost nanoseconds. The benchmarks
 * therefore take the latency of each kind of invalidation as a parameter and busy-spin on {@link System#nanoTime()}
 * for it, the way a driver spins on the wait descriptor's status word:
 *
 * <pre>
 *   wait(sync) = sum over the kinds in the sync of latency(kind)
 * </pre>
 * Each kind is counted as a separate invalidation (ENTRY, IOTLB, DEVTLB). A plan's simulated wait is thus
 * {@code sum over its syncs}; clear-then-update's first sync (entry+iotlb+devtlb) costs more than a used-bits sync
 * (entry only). The model ignores batching of descriptors, queue contention and the invalidation's effect on DMA.
 *
 * <p>Spec syntax, the value of the benchmarks' {@code sync} parameter: a single number of nanoseconds for every
 * kind ({@code 0}, {@code 1000}), or per kind, {@code entry=500/iotlb=1000/devtlb=5000} (missing kinds cost 0;
 * '/' separates because JMH splits parameter lists on commas).
 */
public final class SyncLatency {
    private final long entryNanos;
    private final long iotlbNanos;
    private final long devtlbNanos;
    private final String spec;

    private SyncLatency(String spec, long entryNanos, long iotlbNanos, long devtlbNanos) {
        this.spec = spec;
        this.entryNanos = entryNanos;
        this.iotlbNanos = iotlbNanos;
        this.devtlbNanos = devtlbNanos;
    }

    public static SyncLatency parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.matches("\\d+")) {
            long n = Long.parseLong(s);
            return new SyncLatency(spec, n, n, n);
        }
        Map<SyncKind, Long> m = new EnumMap<>(SyncKind.class);
        for (String part : s.split("[/;]")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !kv[1].strip().matches("\\d+")) {
                throw new IllegalArgumentException("sync latency '" + spec
                        + "': expected nanoseconds (e.g. 1000) or kind=ns/kind=ns (e.g. entry=500/iotlb=1000/devtlb=5000)");
            }
            SyncKind k = SyncKind.byName(kv[0].strip()).orElseThrow(() -> new IllegalArgumentException(
                    "sync latency '" + spec + "': unknown kind '" + kv[0].strip() + "'; expected entry, iotlb or devtlb"));
            m.put(k, Long.parseLong(kv[1].strip()));
        }
        return new SyncLatency(spec, m.getOrDefault(SyncKind.ENTRY, 0L), m.getOrDefault(SyncKind.IOTLB, 0L),
                m.getOrDefault(SyncKind.DEVTLB, 0L));
    }

    /** The simulated wait of one sync, in nanoseconds. */
    public long nanos(Step.Sync sync) {
        long n = 0;
        if (sync.kinds().contains(SyncKind.ENTRY)) n += entryNanos;
        if (sync.kinds().contains(SyncKind.IOTLB)) n += iotlbNanos;
        if (sync.kinds().contains(SyncKind.DEVTLB)) n += devtlbNanos;
        return n;
    }

    /**
     * The simulated wait of one invalidation of {@code kind} on its own: an attach sequence's {@code flush iotlb} or
     * {@code flush devtlb}, issued and waited for outside an entry sync.
     */
    public long nanos(SyncKind kind) {
        return switch (kind) {
            case ENTRY -> entryNanos;
            case IOTLB -> iotlbNanos;
            case DEVTLB -> devtlbNanos;
        };
    }

    /** Busy-waits {@code nanos} on {@link System#nanoTime()}, like a driver polling a wait descriptor. */
    public static void spin(long nanos) {
        if (nanos <= 0) return;
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }

    public boolean isZero() {
        return entryNanos == 0 && iotlbNanos == 0 && devtlbNanos == 0;
    }

    @Override
    public String toString() {
        return spec;
    }
}
