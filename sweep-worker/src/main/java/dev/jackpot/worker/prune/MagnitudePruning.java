package dev.jackpot.worker.prune;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magnitude pruning as a pure function (weights, current mask, target) -> new mask.
 *
 * <p>Targets are counts of alive weights, not fractions, so IMP lands exactly on round(N · 0.8^r) weights after
 * round r rather than drifting by one weight per round from repeated rounding. Equal magnitudes are broken by
 * position (lower index pruned first), so the result never depends on sort stability.
 */
public final class MagnitudePruning {
    private MagnitudePruning() {}

    /** Alive weights wanted after reaching sparsity 1 - keepFraction over {@code size} weights. */
    public static long aliveTarget(long size, double keepFraction) {
        return Math.round(size * keepFraction);
    }

    /**
     * Prunes the smallest-magnitude alive weights until {@code keepFraction} of all masked weights remain:
     * globally (one threshold over all layers) or layerwise (each layer keeps that fraction of its own size).
     */
    public static Mask prune(Map<String, INDArray> weights, Mask current, double keepFraction, PruningScope scope) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (scope == PruningScope.LAYERWISE) {
            for (String layer : current.layerNames()) {
                long target = aliveTarget(current.size(layer), keepFraction);
                out.putAll(pruneTo(Map.of(layer, weights.get(layer)), current, List.of(layer), target));
            }
        } else {
            List<String> layers = new ArrayList<>(current.layerNames());
            out.putAll(pruneTo(weights, current, layers, aliveTarget(current.size(), keepFraction)));
        }
        return Mask.of(out);
    }

    /** Keeps the {@code target} largest alive magnitudes among {@code layers}; already-pruned weights stay pruned. */
    private static Map<String, INDArray> pruneTo(Map<String, INDArray> weights, Mask current, List<String> layers,
                                                 long target) {
        long alive = layers.stream().mapToLong(current::alive).sum();
        if (target > alive) {
            throw new IllegalArgumentException("cannot grow a mask: " + alive + " alive, target " + target);
        }
        // One sortable long per alive weight: the magnitude's float bits (non-negative floats order like their
        // bits) above, the weight's position below.
        long[] keys = new long[(int) alive];
        float[][] masks = new float[layers.size()][];
        int n = 0;
        int offset = 0;
        int[] offsets = new int[layers.size()];
        for (int li = 0; li < layers.size(); li++) {
            String layer = layers.get(li);
            float[] w = weights.get(layer).castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] m = current.layer(layer).castTo(DataType.FLOAT).dup('c').data().asFloat();
            masks[li] = m;
            offsets[li] = offset;
            for (int i = 0; i < w.length; i++) {
                if (m[i] != 0f) {
                    keys[n++] = ((long) Float.floatToIntBits(Math.abs(w[i])) << 32) | (offset + i);
                }
            }
            offset += w.length;
        }
        Arrays.sort(keys);
        long toPrune = alive - target;
        for (int k = 0; k < toPrune; k++) {
            int position = (int) (keys[k] & 0xffffffffL);
            int li = layerOf(offsets, position);
            masks[li][position - offsets[li]] = 0f;
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int li = 0; li < layers.size(); li++) {
            String layer = layers.get(li);
            INDArray shapeOf = current.layer(layer);
            out.put(layer, Nd4j.create(masks[li], shapeOf.shape(), 'c'));
        }
        return out;
    }

    private static int layerOf(int[] offsets, int position) {
        int li = Arrays.binarySearch(offsets, position);
        if (li >= 0) {
            // Several empty layers could share an offset; take the last one starting here.
            while (li + 1 < offsets.length && offsets[li + 1] == position) {
                li++;
            }
            return li;
        }
        return -li - 2;
    }
}
