package dev.hitless.bench.report;

import java.util.Locale;

/** How the report prints scores and ratios. */
final class Numbers {
    private Numbers() {
    }

    /** Scores: 3 significant digits for small values, grouped integers for large ones. */
    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        double a = Math.abs(v);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        if (a == 0) return "0";
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Ratios: three decimals, two significant digits below 0.001. */
    static String ratio(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == 0) return "0";
        if (Math.abs(v) < 0.001) return String.format(Locale.ROOT, "%.2g", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A file-name-safe lower-case form: {@code entry=1000/iotlb=1000} -> {@code entry-1000-iotlb-1000}. */
    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
