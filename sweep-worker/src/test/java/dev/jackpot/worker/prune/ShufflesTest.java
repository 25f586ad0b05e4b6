package dev.jackpot.worker.prune;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShufflesTest {

    private static Map<String, INDArray> weights() {
        Nd4j.getRandom().setSeed(11);
        Map<String, INDArray> w = new LinkedHashMap<>();
        w.put("a", Nd4j.randn(DataType.FLOAT, 40, 30));
        w.put("b", Nd4j.randn(DataType.FLOAT, 30, 10));
        return w;
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Test
    void shuffledMaskKeepsEveryLayersCountAndMovesPositions() {
        Map<String, INDArray> w = weights();
        Mask lt = MagnitudePruning.prune(w, Mask.allAlive(w), 0.2, PruningScope.GLOBAL);
        Mask sm = Shuffles.permuteMask(lt, 5);
        for (String layer : w.keySet()) {
            assertEquals(lt.alive(layer), sm.alive(layer), "alive count of " + layer);
            assertArrayEquals(lt.layer(layer).shape(), sm.layer(layer).shape());
        }
        double overlap = lt.layer("a").mul(sm.layer("a")).sumNumber().doubleValue() / lt.alive("a");
        assertTrue(overlap < 0.5, "the shuffled mask overlaps LT's in " + overlap + " (about 0.2 by chance)");
        assertEquals(sm.layer("b"), Shuffles.permuteMask(lt, 5).layer("b"), "same seed, same mask");
    }

    @Test
    void shuffledInitKeepsTheMultisetOfSurvivingValuesPerLayer() {
        Map<String, INDArray> w = weights();
        Mask lt = MagnitudePruning.prune(w, Mask.allAlive(w), 0.3, PruningScope.GLOBAL);
        Map<String, INDArray> si = Shuffles.permuteSurvivors(w, lt, 9);
        for (String layer : w.keySet()) {
            float[] before = floats(w.get(layer));
            float[] after = floats(si.get(layer));
            float[] m = floats(lt.layer(layer));
            float[] survivorsBefore = survivors(before, m);
            float[] survivorsAfter = survivors(after, m);
            int moved = 0;
            for (int i = 0; i < survivorsBefore.length; i++) {
                moved += survivorsBefore[i] != survivorsAfter[i] ? 1 : 0;
            }
            assertTrue(moved > survivorsBefore.length / 2, layer + ": only " + moved + " survivors moved");
            Arrays.sort(survivorsBefore);
            Arrays.sort(survivorsAfter);
            assertArrayEquals(survivorsBefore, survivorsAfter, layer + ": the surviving values are a permutation");
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0f) {
                    assertEquals(before[i], after[i], "a pruned position took part in the shuffle");
                }
            }
        }
        assertNotEquals(si.get("a"), Shuffles.permuteSurvivors(w, lt, 10).get("a"), "the seed decides the order");
    }

    private static float[] survivors(float[] values, float[] mask) {
        float[] out = new float[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (mask[i] != 0f) {
                out[n++] = values[i];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
