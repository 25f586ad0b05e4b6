package dev.jackpot.worker.prune;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MagnitudePruningTest {

    private static Map<String, INDArray> weights(long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> w = new LinkedHashMap<>();
        w.put("a", Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 97, 31));
        w.put("b", Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 31, 13).muli(3));
        return w;
    }

    @Test
    void impReachesExactSparsityEveryRound() {
        Map<String, INDArray> w = weights(1);
        Mask mask = Mask.allAlive(w);
        long n = mask.size();
        for (int r = 1; r <= 12; r++) {
            mask = MagnitudePruning.prune(w, mask, Math.pow(0.8, r), PruningScope.GLOBAL);
            assertEquals(Math.round(n * Math.pow(0.8, r)), mask.alive(), "alive weights after round " + r);
            assertEquals(1 - Math.pow(0.8, r), mask.sparsity(), 1.0 / n, "sparsity after round " + r);
        }
    }

    @Test
    void globalPruningRemovesTheSmallestMagnitudesAcrossLayers() {
        Map<String, INDArray> w = weights(2);
        Mask mask = MagnitudePruning.prune(w, Mask.allAlive(w), 0.5, PruningScope.GLOBAL);
        double maxPruned = 0;
        double minKept = Double.MAX_VALUE;
        for (String layer : w.keySet()) {
            float[] values = w.get(layer).dup('c').data().asFloat();
            float[] m = mask.layer(layer).dup('c').data().asFloat();
            for (int i = 0; i < values.length; i++) {
                if (m[i] == 0f) {
                    maxPruned = Math.max(maxPruned, Math.abs(values[i]));
                } else {
                    minKept = Math.min(minKept, Math.abs(values[i]));
                }
            }
        }
        assertTrue(maxPruned <= minKept, "a pruned weight is larger than a kept one");
        // Layer b has 3x larger weights, so global pruning must leave it denser than layer a.
        assertTrue(mask.sparsity("b") < mask.sparsity("a"));
    }

    @Test
    void layerwisePruningKeepsTheSameFractionInEveryLayer() {
        Map<String, INDArray> w = weights(3);
        Mask mask = MagnitudePruning.prune(w, Mask.allAlive(w), 0.64, PruningScope.LAYERWISE);
        assertEquals(Math.round(97 * 31 * 0.64), mask.alive("a"));
        assertEquals(Math.round(31 * 13 * 0.64), mask.alive("b"));
    }

    @Test
    void prunedWeightsStayPrunedEvenWhenTheyGrowLarge() {
        Map<String, INDArray> w = weights(4);
        Mask first = MagnitudePruning.prune(w, Mask.allAlive(w), 0.8, PruningScope.GLOBAL);
        // Make every weight huge: the next round must still only remove alive ones.
        Map<String, INDArray> grown = new LinkedHashMap<>();
        w.forEach((k, v) -> grown.put(k, v.add(100)));
        Mask second = MagnitudePruning.prune(grown, first, 0.64, PruningScope.GLOBAL);
        for (String layer : w.keySet()) {
            INDArray revived = second.layer(layer).mul(first.layer(layer).rsub(1));
            assertEquals(0.0, revived.sumNumber().doubleValue(), "layer " + layer + " revived weights");
        }
    }

    @Test
    void randomMaskKeepsPerLayerCountsButMovesPositions() {
        Map<String, INDArray> w = weights(5);
        Mask lt = MagnitudePruning.prune(w, Mask.allAlive(w), 0.3, PruningScope.GLOBAL);
        Mask rp = RandomMasks.sameLayerCounts(lt, 42);
        for (String layer : w.keySet()) {
            assertEquals(lt.alive(layer), rp.alive(layer), "alive count of " + layer);
        }
        double overlap = lt.layer("a").mul(rp.layer("a")).sumNumber().doubleValue() / lt.alive("a");
        // Independent positions overlap in about 30% of the kept ones (the keep fraction), far from 100%.
        assertTrue(overlap < 0.5, "RP mask overlaps LT's in " + overlap);
        assertEquals(rp.layer("a"), RandomMasks.sameLayerCounts(lt, 42).layer("a"), "same seed, same mask");
    }
}
