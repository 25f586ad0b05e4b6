package dev.jackpot.worker.prune;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A binary pruning mask over the prunable layers: layer name -> a 0/1 float array shaped like the layer's
 * weights (1 = alive). Immutable: pruning makes a new mask; the arrays are never written after construction.
 */
public final class Mask {
    private final Map<String, INDArray> layers;

    private Mask(Map<String, INDArray> layers) {
        this.layers = Collections.unmodifiableMap(layers);
    }

    /** Takes ownership of the given arrays (callers must not modify them afterwards). */
    public static Mask of(Map<String, INDArray> layers) {
        return new Mask(new LinkedHashMap<>(layers));
    }

    /** Everything alive, shaped like the given weights. */
    public static Mask allAlive(Map<String, INDArray> weights) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        weights.forEach((name, w) -> m.put(name, Nd4j.onesLike(w)));
        return new Mask(m);
    }

    public Set<String> layerNames() {
        return layers.keySet();
    }

    public INDArray layer(String name) {
        return layers.get(name);
    }

    public long size(String layer) {
        return layers.get(layer).length();
    }

    public long alive(String layer) {
        return Math.round(layers.get(layer).sumNumber().doubleValue());
    }

    public long size() {
        return layers.keySet().stream().mapToLong(this::size).sum();
    }

    public long alive() {
        return layers.keySet().stream().mapToLong(this::alive).sum();
    }

    /** Fraction of the masked weights that are pruned. */
    public double sparsity() {
        long size = size();
        return size == 0 ? 0.0 : 1.0 - (double) alive() / size;
    }

    public double sparsity(String layer) {
        return 1.0 - (double) alive(layer) / size(layer);
    }

    /** Multiplies each layer's tensor in place by the mask (weights after a step, or gradients before it). */
    public void applyInPlace(Map<String, INDArray> tensorsByLayer) {
        layers.forEach((name, m) -> {
            INDArray t = tensorsByLayer.get(name);
            if (t != null) {
                t.muli(m);
            }
        });
    }
}
