package dev.jackpot.driver.analyze;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correlations against values worked out by hand, and the bootstrap's reproducibility. */
class CorrelationTest {
    static final double[] X = {1, 2, 3, 4, 5};
    static final double[] Y = {2, 4, 5, 4, 5};

    @Test
    void pearsonByHand() {
        // Deviations from the means 3 and 4: dx = -2 -1 0 1 2, dy = -2 0 1 0 1;
        // sum dx*dy = 6, sum dx^2 = 10, sum dy^2 = 6: r = 6 / sqrt(60).
        assertEquals(6 / Math.sqrt(60), Correlation.pearson(X, Y), 1e-12);
        assertEquals(1.0, Correlation.pearson(X, new double[] {3, 5, 7, 9, 11}), 1e-12);
        assertEquals(-1.0, Correlation.pearson(X, new double[] {5, 4, 3, 2, 1}), 1e-12);
    }

    @Test
    void spearmanByHandWithTies() {
        // Ranks of Y with ties averaged: 2 -> 1, the two 4s -> 2.5, the two 5s -> 4.5.
        assertArrayEquals(new double[] {1, 2.5, 4.5, 2.5, 4.5}, Correlation.ranks(Y), 1e-12);
        // Against ranks 1..5: d = -2 -0.5 1.5 -0.5 1.5; sum dx*d = 7, sum d^2 = 9: rho = 7 / sqrt(90).
        assertEquals(7 / Math.sqrt(90), Correlation.spearman(X, Y), 1e-12);
        // Monotone but not linear: Spearman 1, Pearson below.
        double[] cube = {1, 8, 27, 64, 125};
        assertEquals(1.0, Correlation.spearman(X, cube), 1e-12);
        assertTrue(Correlation.pearson(X, cube) < 0.96);
    }

    @Test
    void undefinedForAConstantOrTooFewPoints() {
        assertTrue(Double.isNaN(Correlation.pearson(X, new double[] {0.1, 0.1, 0.1, 0.1, 0.1})));
        assertTrue(Double.isNaN(Correlation.spearman(new double[] {0.3, 0.3, 0.3}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1}, new double[] {2})));
    }

    @Test
    void theBootstrapIsSeededAndItsIntervalHoldsAClearEffect() {
        double[] x = IntStream.range(0, 40).mapToDouble(i -> i % 8).toArray();
        double[] y = IntStream.range(0, 40).mapToDouble(i -> (i % 8) * 0.5 + ((i * 37) % 11) / 10.0).toArray();
        List<String> clusters = IntStream.range(0, 40).mapToObj(i -> "t" + i / 2).toList();   // 20 trials of 2 rounds
        Bootstrap.Estimate a = Bootstrap.correlate(x, y, clusters, 500, 7);
        Bootstrap.Estimate b = Bootstrap.correlate(x, y, clusters, 500, 7);
        assertEquals(a, b, "the same seed gives the same intervals");
        assertEquals(20, a.clusters());
        assertEquals(40, a.n());
        assertEquals(Correlation.pearson(x, y), a.pearson(), 1e-12);
        assertTrue(a.pearsonLo() > 0.5 && a.pearsonLo() < a.pearson() && a.pearson() < a.pearsonHi(), a.toString());
        assertTrue(a.spearmanLo() > 0.5 && a.spearmanLo() < a.spearman() && a.spearman() < a.spearmanHi(), a.toString());
        assertEquals(500, a.validResamples());
        Bootstrap.Estimate other = Bootstrap.correlate(x, y, clusters, 500, 8);
        assertTrue(other.pearsonLo() != a.pearsonLo(), "another seed, other resamples");
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(1.1, Bootstrap.quantile(sorted, 0.025), 1e-12);   // h = 4 * 0.025 = 0.1
        assertEquals(4.9, Bootstrap.quantile(sorted, 0.975), 1e-12);
        assertEquals(3.0, Bootstrap.quantile(sorted, 0.5), 1e-12);
    }
}
