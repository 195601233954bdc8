package dev.hitless.bench;

/**
 * The names of the benchmarks' JMH parameters, in one place: JMH names a parameter after its {@code @Param} field,
 * and the report ({@code dev.hitless.bench.report}) finds its data by these names. A field cannot be declared
 * through a constant, so {@code BenchNamesTest} reflects over the benchmark classes and fails when a field and its
 * constant part; at run time the report refuses results that lack a name it needs.
 */
public final class BenchParams {
    /** Which representative transition: {@code ReplaceBench}, {@code ReplaceUnderFetchBench}, {@code AttachBench}. */
    public static final String TRANSITION = "transition";
    /** Which ordering, by {@code Orderings.byName}: {@code ReplaceBench}, {@code ReplaceUnderFetchBench}, {@code AttachBench}. */
    public static final String ORDERING = "ordering";
    /** Simulated invalidation latency ({@link SyncLatency}): {@code ReplaceBench}, {@code ReplaceUnderFetchBench}, {@code AttachBench}. */
    public static final String SYNC = "sync";
    /** The device's chunk order, {@code ascending} or {@code permuted}: {@code ReplaceUnderFetchBench}. */
    public static final String ORDER = "order";

    /** Which attach sequence, {@code entry-only} or a built-in ({@code AttachFile.BUILT_INS}): {@code AttachBench}. */
    public static final String ATTACH = "attach";

    private BenchParams() {
    }
}
