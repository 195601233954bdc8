package dev.hitless.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of JMH's JSON result file ({@code -rf json}): a benchmark with its parameters, the primary score and the
 * secondary metrics (per-method scores of a @Group, @AuxCounters).
 *
 * @param benchmark fully qualified {@code class.method}, e.g. {@code dev.hitless.bench.ReplaceBench.replace}
 * @param mode JMH mode: {@code avgt}, {@code thrpt}, ...
 * @param params the @Param values, in file order
 * @param primary the primary metric
 * @param secondary secondary metrics by name
 * @param percentiles the primary metric's percentiles by JMH's key ({@code "50.0"}: the median)
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, Metric primary,
                        Map<String, Metric> secondary, Map<String, Double> percentiles) {

    /**
     * A score with its 99.9% error half-width (NaN when JMH had too few iterations to compute one) and the
     * per-iteration scores it came from ({@code rawData}: every fork's measurement iterations, fork after fork; empty
     * when the file has none, e.g. in sample-time mode, whose raw data is a histogram).
     */
    public record Metric(double score, double error, String unit, List<Double> samples) {
    }

    /** The simple class name, e.g. {@code ReplaceBench}. */
    public String className() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
    }

    /** The method (or @Group) name, e.g. {@code replace}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    /**
     * The primary metric's median (JMH's percentile {@code 50.0}): of single invocations in sample-time mode, of the
     * iteration scores otherwise; NaN when the file gives none.
     */
    public double median() {
        return percentiles.getOrDefault("50.0", Double.NaN);
    }

    /** A secondary metric, or null. */
    public Metric metric(String name) {
        return secondary.get(name);
    }

    /** Reads every result of a JMH JSON file; fails with a sentence when the file is not one. */
    public static List<JmhResult> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": not a JMH JSON result file (expected a JSON array; run JMH with -rf json)");
        }
        List<JmhResult> out = new ArrayList<>();
        for (JsonNode n : root) {
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode p = n.get("params");
            if (p != null) p.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Metric> sec = new LinkedHashMap<>();
            JsonNode s = n.get("secondaryMetrics");
            if (s != null) s.properties().forEach(e -> sec.put(e.getKey(), metric(e.getValue())));
            JsonNode pm = n.get("primaryMetric");
            if (pm == null || !n.has("benchmark")) {
                throw new IOException(file + ": an entry lacks 'benchmark' or 'primaryMetric': not JMH output");
            }
            Map<String, Double> pct = new LinkedHashMap<>();
            JsonNode q = pm.get("scorePercentiles");
            if (q != null) q.properties().forEach(e -> pct.put(e.getKey(), number(e.getValue())));
            out.add(new JmhResult(n.get("benchmark").asText(), n.path("mode").asText(),
                    Collections.unmodifiableMap(params), metric(pm), Collections.unmodifiableMap(sec), Collections.unmodifiableMap(pct)));
        }
        return out;
    }

    private static Metric metric(JsonNode m) {
        List<Double> samples = new ArrayList<>();
        for (JsonNode fork : m.path("rawData")) for (JsonNode it : fork) samples.add(number(it));
        return new Metric(number(m.get("score")), number(m.get("scoreError")), m.path("scoreUnit").asText(),
                List.copyOf(samples));
    }

    private static double number(JsonNode n) {
        if (n == null || n.isNull()) return Double.NaN;
        if (n.isNumber()) return n.asDouble();
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
