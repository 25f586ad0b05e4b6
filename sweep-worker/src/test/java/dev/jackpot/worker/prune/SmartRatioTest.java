package dev.jackpot.worker.prune;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Three layers of 100 weights each, keeping 150 in all (sparsity 0.5); the numbers below are worked by hand. */
class SmartRatioTest {
    private static final long[] SIZES = {100, 100, 100};

    @Test
    void residualNetworksKeepInProportionToTheQuadraticInDepthFromTheTop() {
        // L = 3: q_l = (L-l+1)^2 + (L-l+1) = 12, 6, 2. Scale c with 100 c (12 + 6 + 2) = 150: c = 0.075.
        double[] keep = SmartRatio.keepFractions(SIZES, true, 150, -1, 0.3);
        assertArrayEquals(new double[] {0.9, 0.45, 0.15}, keep, 1e-12);
    }

    @Test
    void plainNetworksDivideByLSquaredAndCarryTheOverflowOfAFullLayer() {
        // q_l / l^2 = 12, 6/4 = 1.5, 2/9. Then c = 150 / (100 (12 + 1.5 + 2/9)) = 0.1093, and layer 1 would keep
        // 12 c = 1.31 > 1: it keeps 1, and the other 50 go to layers 2 and 3: c' = 50 / (100 (1.5 + 2/9)) = 0.2903.
        double[] keep = SmartRatio.keepFractions(SIZES, false, 150, -1, 0.3);
        double c = 50 / (100 * (1.5 + 2.0 / 9));
        assertArrayEquals(new double[] {1.0, 1.5 * c, 2.0 / 9 * c}, keep, 1e-12);
        assertEquals(0.43548387, keep[1], 1e-8);
        assertEquals(0.06451613, keep[2], 1e-8);
    }

    @Test
    void aPrunedClassifierKeepsItsFixedFraction() {
        // Layer 3 is the classifier: it keeps 30 of its 100; layers 1 and 2 share 120 by q = 12, 6 (residual):
        // 100 c (12 + 6) = 120.
        double[] keep = SmartRatio.keepFractions(SIZES, true, 150, 2, 0.3);
        assertArrayEquals(new double[] {12 * 120 / 1800.0, 6 * 120 / 1800.0, 0.3}, keep, 1e-12);
        // Without residual connections: q = 12, 1.5 -> c = 120 / 1350, layer 1 at 1.07 is capped, layer 2 gets 20.
        assertArrayEquals(new double[] {1.0, 0.2, 0.3}, SmartRatio.keepFractions(SIZES, false, 150, 2, 0.3), 1e-12);
    }

    @Test
    void countsAreWholeAndAddUpExactly() {
        long[] sizes = {97, 31, 13};
        long total = 70;
        double[] keep = SmartRatio.keepFractions(sizes, false, total, -1, 0.3);
        long[] counts = SmartRatio.aliveCounts(sizes, keep, total);
        long sum = 0;
        for (int i = 0; i < sizes.length; i++) {
            assertEquals(keep[i] * sizes[i], counts[i], 1.0, "layer " + i + " rounds to a neighbouring whole count");
            sum += counts[i];
        }
        assertEquals(total, sum);
    }

    @Test
    void theMaskHasTheRatioCountsAndTheSameTotalAsTheLotteryTicket() {
        Map<String, INDArray> shapes = new LinkedHashMap<>();
        shapes.put("a", Nd4j.ones(10, 10));
        shapes.put("b", Nd4j.ones(10, 10));
        shapes.put("c", Nd4j.ones(10, 10));
        Mask like = RandomMasks.withCounts(Mask.allAlive(shapes), Map.of("a", 50L, "b", 50L, "c", 50L), 1);
        Mask rt = SmartRatio.mask(like, true, "none", 0.3, 7);
        assertEquals(90, rt.alive("a"));
        assertEquals(45, rt.alive("b"));
        assertEquals(15, rt.alive("c"));
        Mask withClassifier = SmartRatio.mask(like, true, "c", 0.3, 7);
        assertEquals(30, withClassifier.alive("c"));
        assertEquals(150, withClassifier.alive());
    }
}
