package dev.hitless.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The results of one benchmark class, checked against what a section needs before it reads them: a section finds
 * its rows by parameter values, so a result that lacks a parameter (a renamed {@code @Param} field) would silently
 * drop out of every table; here it is a {@link ReportException} naming the benchmark, the parameter and the names
 * the result does have.
 *
 * @param benchmark the simple class name, e.g. {@code ReplaceBench}
 * @param all       its results, in file order
 */
record Results(String benchmark, List<JmhResult> all) {

    /** The results of {@code benchmark} among {@code results} (possibly none). */
    static Results of(List<JmhResult> results, String benchmark) {
        return new Results(benchmark, results.stream().filter(r -> r.className().equals(benchmark)).toList());
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    /** Fails unless every result has each of {@code params}. */
    Results requireParams(String... params) {
        for (JmhResult r : all) {
            for (String p : params) {
                if (!r.params().containsKey(p)) {
                    throw new ReportException(r.benchmark() + " has no parameter '" + p + "' (it has "
                            + names(r.params().keySet()) + "): the report reads " + benchmark + "'s parameters "
                            + String.join(", ", params) + " (dev.hitless.bench.BenchParams)");
                }
            }
        }
        return this;
    }

    /** Fails unless every result has each of the secondary metrics {@code metrics} (e.g. @AuxCounters). */
    Results requireMetrics(String... metrics) {
        for (JmhResult r : all) {
            for (String m : metrics) {
                if (r.metric(m) == null) {
                    throw new ReportException(r.benchmark() + " has no counter '" + m + "' (it has "
                            + names(r.secondary().keySet()) + "): the report reads " + String.join(", ", metrics));
                }
            }
        }
        return this;
    }

    /** Fails unless every result's method is one of {@code methods}: a renamed method would lose its row's meaning. */
    Results requireMethods(Collection<String> methods) {
        for (JmhResult r : all) {
            if (!methods.contains(r.method())) {
                throw new ReportException(r.benchmark() + ": the report knows no " + benchmark + " method '" + r.method()
                        + "' (it knows " + names(new TreeSet<>(methods)) + ")");
            }
        }
        return this;
    }

    /** The values of {@code param}, in order of first appearance. */
    List<String> distinct(String param) {
        Set<String> s = new LinkedHashSet<>();
        for (JmhResult r : all) s.add(r.param(param));
        return new ArrayList<>(s);
    }

    /** The first result with all of these parameter values, or null. */
    JmhResult find(Map<String, String> params) {
        for (JmhResult r : all) {
            boolean match = true;
            for (var e : params.entrySet()) match &= r.param(e.getKey()).equals(e.getValue());
            if (match) return r;
        }
        return null;
    }

    /** The first result of method {@code method}, or null. */
    JmhResult method(String method) {
        return all.stream().filter(r -> r.method().equals(method)).findFirst().orElse(null);
    }

    /** The unit of the primary scores (JMH uses one per benchmark class here). */
    String unit() {
        return all.get(0).primary().unit();
    }

    private static String names(Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
