package dev.hitless.bench.report;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.List;
import java.util.Locale;

/**
 * The ratio of two benchmarks' mean scores with a confidence interval computed from their per-iteration samples
 * (JMH's {@code rawData}, every fork's iterations pooled): Fieller's interval for the ratio of two independent means.
 *
 * <p>For means {@code a}, {@code b} with squared standard errors {@code va = sa^2/na}, {@code vb = sb^2/nb}, the
 * interval is every {@code r} for which {@code a - r b} is not significantly different from 0:
 * {@code (a - r b)^2 <= t^2 (va + r^2 vb)}, with {@code t} Student's quantile at the confidence level and the
 * Welch-Satterthwaite degrees of freedom of {@code va + q^2 vb} at {@code q = a/b}. Solving the quadratic gives a
 * bounded interval, asymmetric about {@code q} as a ratio's interval must be, when {@code b} is significantly
 * non-zero ({@code b^2 > t^2 vb}); otherwise the set is unbounded, and the ratio is {@linkplain #inconclusive
 * inconclusive}. Unlike adding relative errors in quadrature (what the report did before), it is exact for normal
 * iteration means and stays right when an error is as large as its score. With no spread in either sample it is the
 * point {@code q}; with fewer than 2 samples of either there is no interval.
 *
 * @param ratio      {@code a/b} of the sample means
 * @param low        the interval's lower end ({@code -Infinity} when unbounded; NaN without an interval)
 * @param high       the interval's upper end ({@code +Infinity} when unbounded; NaN without an interval)
 * @param confidence the level, e.g. 0.95
 */
public record RatioInterval(double ratio, double low, double high, double confidence) {

    /** The report's level: 95%, the customary one for a yes-or-no reading ("does this interval exclude 1?"). */
    public static final double CONFIDENCE = 0.95;

    /**
     * {@code a}'s score / {@code b}'s with the interval from their samples at {@link #CONFIDENCE} (none when either
     * has fewer than 2); null without a baseline ({@code b} null or scoring 0).
     */
    public static RatioInterval of(JmhResult.Metric a, JmhResult.Metric b) {
        if (b == null || b.score() == 0) return null;
        if (a.samples().size() < 2 || b.samples().size() < 2) {
            return new RatioInterval(a.score() / b.score(), Double.NaN, Double.NaN, CONFIDENCE);
        }
        return of(a.samples(), b.samples());
    }

    /** At {@link #CONFIDENCE}. */
    public static RatioInterval of(List<Double> a, List<Double> b) {
        return of(a, b, CONFIDENCE);
    }

    public static RatioInterval of(List<Double> a, List<Double> b, double confidence) {
        double ma = mean(a);
        double mb = mean(b);
        double q = ma / mb;
        if (a.size() < 2 || b.size() < 2 || mb == 0) return new RatioInterval(q, Double.NaN, Double.NaN, confidence);
        double va = variance(a, ma) / a.size();
        double vb = variance(b, mb) / b.size();
        double pooled = va + q * q * vb;
        if (pooled == 0) return new RatioInterval(q, q, q, confidence);
        double df = pooled * pooled / (va * va / (a.size() - 1) + q * q * q * q * vb * vb / (b.size() - 1));
        double t = new TDistribution(null, df).inverseCumulativeProbability(0.5 + confidence / 2);
        double t2 = t * t;
        // (mb^2 - t2 vb) r^2 - 2 ma mb r + (ma^2 - t2 va) <= 0
        double qa = mb * mb - t2 * vb;
        if (qa <= 0) {
            return new RatioInterval(q, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, confidence);
        }
        double disc = ma * ma * mb * mb - qa * (ma * ma - t2 * va);
        double root = Math.sqrt(Math.max(0, disc));
        return new RatioInterval(q, (ma * mb - root) / qa, (ma * mb + root) / qa, confidence);
    }

    /** True when there is an interval and it is bounded. */
    public boolean bounded() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /** True when the interval includes 1 (or is unbounded, or missing): the data do not say which side of 1. */
    public boolean inconclusive() {
        return !bounded() || (low <= 1 && 1 <= high);
    }

    /**
     * The report's cell: {@code 0.123 to 0.161}; {@code 0.81 to 1.32 inconclusive} when it includes 1; {@code unbounded,
     * inconclusive} when the baseline is not significantly non-zero; {@code n/a} without two samples of each.
     */
    public String cell() {
        if (Double.isNaN(low)) return "n/a";
        if (!bounded()) return "unbounded, inconclusive";
        String range = Numbers.ratio(low) + " to " + Numbers.ratio(high);
        return inconclusive() ? range + " inconclusive" : range;
    }

    /** The level as the report's headers print it: {@code 95%}. */
    public static String level() {
        return String.format(Locale.ROOT, "%.0f%%", CONFIDENCE * 100);
    }

    private static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) s += x;
        return s / xs.size();
    }

    private static double variance(List<Double> xs, double mean) {
        double s = 0;
        for (double x : xs) s += (x - mean) * (x - mean);
        return s / (xs.size() - 1);
    }
}
