package dev.jackpot.worker.prune;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Random masks for the controls: same per-layer alive counts, positions uniformly random. */
public final class RandomMasks {
    private RandomMasks() {}

    /** RP's mask: in each layer, as many alive weights as {@code like} has there, at random positions. */
    public static Mask sameLayerCounts(Mask like, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String layer : like.layerNames()) {
            INDArray shape = like.layer(layer);
            int size = (int) shape.length();
            int keep = (int) like.alive(layer);
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
