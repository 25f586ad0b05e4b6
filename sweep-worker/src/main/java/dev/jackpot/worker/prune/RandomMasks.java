package dev.jackpot.worker.prune;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Random masks for the controls: given alive counts per layer, positions uniformly random within each layer. */
public final class RandomMasks {
    private RandomMasks() {}

    /** RP's mask: in each layer, as many alive weights as {@code like} has there, at random positions. */
    public static Mask sameLayerCounts(Mask like, long seed) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String layer : like.layerNames()) {
            counts.put(layer, like.alive(layer));
        }
        return withCounts(like, counts, seed);
    }

    /** A mask shaped like {@code shapes} with {@code alive.get(layer)} uniformly random alive positions per layer. */
    public static Mask withCounts(Mask shapes, Map<String, Long> alive, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String layer : shapes.layerNames()) {
            INDArray shape = shapes.layer(layer);
            int size = (int) shape.length();
            long keep = alive.get(layer);
            if (keep < 0 || keep > size) {
                throw new IllegalArgumentException(layer + ": cannot keep " + keep + " of " + size + " weights");
            }
            float[] m = new float[size];
            // Partial Fisher-Yates: the first `keep` entries of a random permutation are the kept positions.
            int[] positions = new int[size];
            for (int i = 0; i < size; i++) {
                positions[i] = i;
            }
            for (int i = 0; i < keep; i++) {
                int j = i + random.nextInt(size - i);
                int t = positions[i];
                positions[i] = positions[j];
                positions[j] = t;
                m[positions[i]] = 1f;
            }
            out.put(layer, Nd4j.create(m, shape.shape(), 'c'));
        }
        return Mask.of(out);
    }
}
