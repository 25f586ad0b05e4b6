package dev.jackpot.worker.prune;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The two shuffle controls of Ma et al.: permute the mask within each layer, or permute the surviving values. */
public final class Shuffles {
    private Shuffles() {}

    /** SM: each layer's mask entries permuted uniformly at random, so every layer keeps its alive count. */
    public static Mask permuteMask(Mask mask, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String layer : mask.layerNames()) {
            INDArray m = mask.layer(layer);
            float[] values = m.castTo(DataType.FLOAT).dup('c').data().asFloat();
            shuffle(values, random);
            out.put(layer, Nd4j.create(values, m.shape(), 'c'));
        }
        return Mask.of(out);
    }

    /**
     * SI: in each layer of the mask, the values of {@code weights} at the alive positions permuted among those
     * positions; pruned positions keep their values (the mask zeroes them anyway). Returns new arrays shaped like the
     * weights, in the mask's layer order.
     */
    public static Map<String, INDArray> permuteSurvivors(Map<String, INDArray> weights, Mask mask, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String layer : mask.layerNames()) {
            INDArray w = weights.get(layer);
            float[] values = w.castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] m = mask.layer(layer).castTo(DataType.FLOAT).dup('c').data().asFloat();
            int alive = 0;
            for (float v : m) {
                if (v != 0f) {
                    alive++;
                }
            }
            int[] positions = new int[alive];
            float[] survivors = new float[alive];
            for (int i = 0, j = 0; i < m.length; i++) {
                if (m[i] != 0f) {
                    positions[j] = i;
                    survivors[j++] = values[i];
                }
            }
            shuffle(survivors, random);
            for (int j = 0; j < alive; j++) {
                values[positions[j]] = survivors[j];
            }
            out.put(layer, Nd4j.create(values, w.shape(), 'c').castTo(w.dataType()));
        }
        return out;
    }

    /** Fisher-Yates: every permutation equally likely. */
    private static void shuffle(float[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
