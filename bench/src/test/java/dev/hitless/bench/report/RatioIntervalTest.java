package dev.hitless.bench.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fieller's interval on synthetic samples whose answers are known: worked by hand from the quadratic with Student's
 * quantiles from a table (t(0.975; 2) = 4.302653, t(0.975; 4) = 2.776445), the degenerate and unbounded cases, and
 * the coverage of the interval over many drawn samples.
 */
class RatioIntervalTest {
    private static final double T2 = 4.302652729911275;

    @Test
    void aBaselineWithoutSpreadGivesTheStudentIntervalOfTheNumeratorScaled() {
        // b has no variance: the interval is (mean(a) +- t(0.975; 2) * s(a)/sqrt(3)) / 20 = 0.5 +- 4.302653 * (1/sqrt 3) / 20.
        RatioInterval r = RatioInterval.of(List.of(9.0, 10.0, 11.0), List.of(20.0, 20.0, 20.0));
        double half = T2 * Math.sqrt(1.0 / 3) / 20;
        assertEquals(0.5, r.ratio(), 1e-12);
        assertEquals(0.5 - half, r.low(), 1e-9);
        assertEquals(0.5 + half, r.high(), 1e-9);
        assertEquals("0.376 to 0.624", r.cell());
        assertFalse(r.inconclusive());
    }

    @Test
    void aNumeratorWithoutSpreadGivesTheAsymmetricIntervalOfTheQuadratic() {
        // a = 10 exactly, b = 19, 20, 21: |10 - 20 r| <= t r sqrt(1/3), so r from 10 / (20 + t/sqrt 3) to 10 / (20 - t/sqrt 3).
        RatioInterval r = RatioInterval.of(List.of(10.0, 10.0, 10.0), List.of(19.0, 20.0, 21.0));
        double k = T2 * Math.sqrt(1.0 / 3);
        assertEquals(10 / (20 + k), r.low(), 1e-9);
        assertEquals(10 / (20 - k), r.high(), 1e-9);
        assertEquals(0.5, r.ratio(), 1e-12);
        assertTrue(r.high() - r.ratio() > r.ratio() - r.low(), "a ratio's interval leans away from 0");
    }

    @Test
    void equalSpreadsGiveFourDegreesOfFreedomAndTheClosedFormRoots() {
        // Both spreads 10% of their means, 3 iterations each: Welch-Satterthwaite gives exactly 4 degrees of freedom.
        RatioInterval r = RatioInterval.of(List.of(900.0, 1000.0, 1100.0), List.of(4500.0, 5000.0, 5500.0));
        double t2 = 2.7764451051977987 * 2.7764451051977987;
        double va = 10000.0 / 3, vb = 250000.0 / 3, ma = 1000, mb = 5000;
        double qa = mb * mb - t2 * vb;
        double root = Math.sqrt(ma * ma * mb * mb - qa * (ma * ma - t2 * va));
        assertEquals((ma * mb - root) / qa, r.low(), 1e-9);
        assertEquals((ma * mb + root) / qa, r.high(), 1e-9);
        assertEquals(0.15904, r.low(), 1e-5);
        assertEquals(0.25151, r.high(), 1e-5);
    }

    @Test
    void identicalSamplesIncludeOneAndAreInconclusive() {
        List<Double> x = List.of(95.0, 100.0, 105.0, 98.0);
        RatioInterval r = RatioInterval.of(x, x);
        assertEquals(1.0, r.ratio(), 1e-12);
        assertTrue(r.low() < 1 && r.high() > 1, r.toString());
        assertTrue(r.inconclusive());
        assertTrue(r.cell().endsWith(" inconclusive"), r.cell());
    }

    @Test
    void noSpreadIsThePointAndTooFewSamplesNoInterval() {
        RatioInterval p = RatioInterval.of(List.of(2.0, 2.0), List.of(4.0, 4.0, 4.0));
        assertEquals(0.5, p.low());
        assertEquals(0.5, p.high());
        assertFalse(p.inconclusive());
        RatioInterval one = RatioInterval.of(List.of(2.0), List.of(4.0, 4.1));
        assertTrue(Double.isNaN(one.low()));
        assertTrue(one.inconclusive());
        assertEquals("n/a", one.cell());
        // Without raw data the ratio still comes from the scores.
        RatioInterval scores = RatioInterval.of(new JmhResult.Metric(3, 1, "ns/op", List.of()), new JmhResult.Metric(6, 1, "ns/op", List.of()));
        assertEquals(0.5, scores.ratio());
        assertEquals("n/a", scores.cell());
    }

    @Test
    void aBaselineIndistinguishableFromZeroIsUnbounded() {
        RatioInterval r = RatioInterval.of(List.of(9.0, 10.0, 11.0), List.of(-1.0, 0.5, 1.5));
        assertFalse(r.bounded());
        assertTrue(r.inconclusive());
        assertEquals("unbounded, inconclusive", r.cell());
    }

    @Test
    void theIntervalCoversTheTrueRatioNinetyFivePercentOfTheTime() {
        // Normal iterations, true means 30 and 200 (ratio 0.15), spreads of 20% and 30%, 3 and 5 iterations (like a
        // noisy sync=0 run): Fieller's interval should hold 0.15 in about 95% of 4000 draws.
        Random rnd = new Random(24);
        int covered = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (int k = 0; k < 3; k++) a.add(30 + 6 * rnd.nextGaussian());
            for (int k = 0; k < 5; k++) b.add(200 + 60 * rnd.nextGaussian());
            RatioInterval r = RatioInterval.of(a, b);
            if (r.low() <= 0.15 && 0.15 <= r.high()) covered++;
        }
        double rate = covered / (double) draws;
        assertTrue(rate > 0.93 && rate < 0.97, "coverage " + rate);
    }

    @Test
    void clearlySeparatedSamplesExcludeOne() {
        RatioInterval r = RatioInterval.of(List.of(30.0, 33.0, 27.0), List.of(190.0, 210.0, 200.0, 205.0));
        assertTrue(r.high() < 1, r.toString());
        assertFalse(r.inconclusive());
    }
}
