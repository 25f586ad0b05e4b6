package dev.jackpot.worker.metrics;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightMetricsTest {

    @Test
    void distancesByHandOverAlivePositionsOnly() {
        // Alive: positions 0 and 1 of layer a, position 0 of layer b. Start (1, 0 | 0), end (1, 1 | 1) on them.
        Map<String, float[]> start = new LinkedHashMap<>();
        Map<String, float[]> end = new LinkedHashMap<>();
        Map<String, float[]> mask = new LinkedHashMap<>();
        start.put("a", new float[] {1, 0, 50});
        end.put("a", new float[] {1, 1, -70});
        mask.put("a", new float[] {1, 1, 0});
        start.put("b", new float[] {0, 9});
        end.put("b", new float[] {1, 3});
        mask.put("b", new float[] {1, 0});
        WeightMetrics m = WeightMetrics.between(start, end, mask);
        assertEquals(Math.sqrt(2), m.l2Distance(), 1e-12);
        // cos = <(1,0,0),(1,1,1)> / (1 * sqrt 3)
        assertEquals(1 - 1 / Math.sqrt(3), m.cosineDistance(), 1e-12);
        assertEquals(3, m.layers().get("a").size());
        assertEquals(2, m.layers().get("a").alive());
        assertEquals(1 / 3.0, m.layers().get("a").sparsity(), 1e-12);
        assertEquals(1, m.layers().get("b").alive());
    }

    @Test
    void noMovementMeansZeroDistanceAndFullCorrelation() {
        Map<String, float[]> w = Map.of("a", new float[] {3, -1, 2, 5, 0.5f});
        Map<String, float[]> all = Map.of("a", new float[] {1, 1, 1, 1, 1});
        WeightMetrics m = WeightMetrics.between(w, w, all);
        assertEquals(0.0, m.l2Distance());
        assertEquals(0.0, m.cosineDistance(), 1e-12);
        assertEquals(new RpValues(1, 1, 1, 1, 1), m.rp());
    }

    @Test
    void undefinedKeepsCountsAndMarksTheRestNaN() {
        WeightMetrics m = WeightMetrics.undefined(Map.of("a", new float[] {1, 0, 1, 1}));
        assertEquals(3, m.layers().get("a").alive());
        assertTrue(Double.isNaN(m.rp().rp30()) && Double.isNaN(m.l2Distance()) && Double.isNaN(m.cosineDistance()));
    }
}
