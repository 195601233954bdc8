package dev.hitless.bench.report;

import dev.hitless.bench.MachineryBench;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static dev.hitless.bench.report.Numbers.num;
import static dev.hitless.bench.report.Numbers.ratio;

/** The MachineryBench section: each operation against its plain {@code long[8]} baseline, and a bar chart. */
final class MachinerySection {
    static final String BENCHMARK = MachineryBench.class.getSimpleName();

    /** MachineryBench operation -> its plain long[8] baseline (both are @Benchmark methods of MachineryBench). */
    static final Map<String, String> BASELINES = Map.of(
            "writeQword", "longArrayStore",
            "storeOpaque", "longArrayStore",
            "writeEntry", "longArrayWriteEntry",
            "writeChunk128", "longArrayStore128",
            "readQword", "longArrayRead128",
            "readChunk128", "longArrayRead128",
            "fetchEntry128", "longArrayReadEntry",
            "fetchEntry64", "longArrayReadEntry");

    private MachinerySection() {
    }

    /** Every method the section knows: the operations and their baselines. */
    static Set<String> methods() {
        Set<String> all = new HashSet<>(BASELINES.keySet());
        all.addAll(BASELINES.values());
        return all;
    }

    static void write(Results rs, Document doc) {
        rs.requireMethods(methods());
        doc.text("## Cost of the harness's machinery (MachineryBench)\n\n");
        doc.text("Off-heap EntryTable access and the sequence-lock emulation of atomic chunks against a plain `long[8]`. "
                + "`vs baseline` = operation time / baseline time, with its " + RatioInterval.level() + " confidence interval from "
                + "both benchmarks' iterations (`inconclusive`: it includes 1).\n\n");
        doc.text("| operation | score | ± error | units | baseline | vs baseline | " + RatioInterval.level()
                + " interval |\n|---|---:|---:|---|---|---:|---:|\n");
        Charts.Bars bars = new Charts.Bars();
        for (JmhResult r : rs.all()) {
            String base = BASELINES.get(r.method());
            JmhResult b = base == null ? null : rs.method(base);
            RatioInterval q = b == null ? null : RatioInterval.of(r.primary(), b.primary());
            doc.row(r.method(), num(r.primary().score()), num(r.primary().error()), r.primary().unit(),
                    base == null ? "(baseline)" : base, q == null ? "" : ratio(q.ratio()), q == null ? "" : q.cell());
            bars.add("time per op", r.method(), r.primary().score(), r.primary().error());
        }
        doc.text("\n");
        doc.chart("machinery.png", "machinery", "Machinery against long[8]", "operation",
                "time per op (" + rs.unit() + ")", bars);
    }
}
