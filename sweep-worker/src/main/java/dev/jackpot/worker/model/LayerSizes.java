package dev.jackpot.worker.model;

import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight count of every weight layer of a network, read from its DL4J configuration: nothing is allocated
 * and no native code runs. The driver uses it to refuse a grid that prunes some layer to nothing before any Spark
 * work, and the worker to refuse a network too large for its memory before it builds one. Reading the
 * configuration {@link Networks} builds from (rather than a second description of each architecture) keeps the
 * two from ever disagreeing.
 */
public final class LayerSizes {
    private LayerSizes() {}

    /**
     * The weight layers of one network, input first, with the names the aliases of {@code prune.exclude} stand for.
     *
     * @param weights   layer name -> number of weights ("W" only; biases and BatchNorm are never pruned)
     * @param firstConv the stem convolution, or null when there is none
     * @param lastDense the classifier
     */
    public record Layers(Map<String, Long> weights, String firstConv, String lastDense) {
        public Layers {
            weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }

        public long total() {
            return weights.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The layers pruning sees: all minus the exclusions, as {@link Network#prunableLayers} selects them. */
        public Map<String, Long> prunable(List<String> exclude) {
            Map<String, Long> out = new LinkedHashMap<>();
            weights.forEach((layer, n) -> {
                if (!Network.excluded(layer, exclude, firstConv, lastDense)) {
                    out.put(layer, n);
                }
            });
            return out;
        }
    }

    /** @throws IllegalArgumentException for a name {@link Architectures} does not know */
    public static Layers of(String architecture, double width, boolean residual, InputShape input, int numClasses) {
        Networks.Configured c = Networks.configure(architecture, width, residual, input, numClasses, 0, null, 0);
        Map<String, Long> weights = new LinkedHashMap<>();
        for (String name : c.weightLayers()) {
            FeedForwardLayer layer = (FeedForwardLayer) ((LayerVertex) c.conf().getVertices().get(name))
                    .getLayerConf().getLayer();
            long n = layer.getNIn() * layer.getNOut();
            if (layer instanceof ConvolutionLayer conv) {
                n *= (long) conv.getKernelSize()[0] * conv.getKernelSize()[1];
            }
            weights.put(name, n);
        }
        return new Layers(weights, c.firstConv(), Networks.OUTPUT);
    }
}
