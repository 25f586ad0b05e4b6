package dev.jackpot.worker.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a run moved its prunable weights, from the weights it started with (already times its mask) to the
 * weights it ended with, over the alive positions of its mask only (all positions for the dense runs):
 * <ul>
 *   <li>R_p(start ⊙ m, end ⊙ m), overall and per layer ({@link WeightCorrelation});</li>
 *   <li>{@code l2Distance} = ‖(end - start) ⊙ m‖₂, the Euclidean distance of the two weight vectors;</li>
 *   <li>{@code cosineDistance} = 1 - ⟨start ⊙ m, end ⊙ m⟩ / (‖start ⊙ m‖₂ ‖end ⊙ m‖₂), in [0, 2]: 0 when training
 *       only rescaled the weights, 1 when the end is orthogonal to the start. NaN if either vector is zero.</li>
 * </ul>
 * Biases, normalisation parameters and excluded layers are not part of either vector.
 *
 * @param rp             R_p over all the layers
 * @param layers         per layer: its size, alive count and own R_p, input first
 * @param l2Distance     see above
 * @param cosineDistance see above
 */
public record WeightMetrics(RpValues rp, Map<String, LayerMetrics> layers, double l2Distance, double cosineDistance) {

    /**
     * One layer of a run.
     *
     * @param size  weights in the layer
     * @param alive weights alive under the run's mask
     * @param rp    the layer's own R_p
     */
    public record LayerMetrics(long size, long alive, RpValues rp) {
        public double sparsity() {
            return size == 0 ? 0.0 : 1.0 - (double) alive / size;
        }
    }

    public WeightMetrics {
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /** The metrics between {@code start} and {@code end}, layer by layer, over the positions {@code mask} keeps. */
    public static WeightMetrics between(Map<String, float[]> start, Map<String, float[]> end, Map<String, float[]> mask) {
        Map<String, LayerMetrics> layers = new LinkedHashMap<>();
        List<WeightCorrelation.Overlap> overlaps = new ArrayList<>();
        double diff2 = 0;
        double dot = 0;
        double start2 = 0;
        double end2 = 0;
        for (Map.Entry<String, float[]> e : mask.entrySet()) {
            String layer = e.getKey();
            float[] m = e.getValue();
            float[] s = start.get(layer);
            float[] t = end.get(layer);
            WeightCorrelation.Overlap overlap = WeightCorrelation.layer(s, t, m);
            overlaps.add(overlap);
            layers.put(layer, new LayerMetrics(m.length, overlap.alive(), overlap.rp()));
            for (int i = 0; i < m.length; i++) {
                if (m[i] != 0f) {
                    double a = s[i];
                    double b = t[i];
                    diff2 += (b - a) * (b - a);
                    dot += a * b;
                    start2 += a * a;
                    end2 += b * b;
                }
            }
        }
        double norms = Math.sqrt(start2) * Math.sqrt(end2);
        double cosine = norms == 0 ? Double.NaN : 1.0 - dot / norms;
        return new WeightMetrics(WeightCorrelation.overall(overlaps), layers, Math.sqrt(diff2), cosine);
    }

    /** For a run whose end is meaningless (it diverged): sizes and alive counts, every other number NaN. */
    public static WeightMetrics undefined(Map<String, float[]> mask) {
        Map<String, LayerMetrics> layers = new LinkedHashMap<>();
        mask.forEach((layer, m) -> {
            long alive = 0;
            for (float v : m) {
                if (v != 0f) {
                    alive++;
                }
            }
            layers.put(layer, new LayerMetrics(m.length, alive, RpValues.UNDEFINED));
        });
        return new WeightMetrics(RpValues.UNDEFINED, layers, Double.NaN, Double.NaN);
    }
}
