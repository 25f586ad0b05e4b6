package dev.jackpot.worker.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built network and the names of its weight-bearing layers, in input-to-output order.
 * Biases and normalisation parameters are never prunable (LTH-SPEC.md, "Pruning").
 *
 * @param graph        the DL4J graph; its parameters live in one flat array
 * @param weightLayers every dense/conv layer whose "W" parameter could be pruned, input first
 * @param firstConv    name of the first convolution, or null when the network has none
 * @param lastDense    name of the classifier layer
 */
public record Network(ComputationGraph graph, List<String> weightLayers, String firstConv, String lastDense) {

    public static final String WEIGHT = "W";

    public Network {
        weightLayers = List.copyOf(weightLayers);
    }

    /** A view (not a copy) of a layer's weight tensor inside the flat parameter array. */
    public INDArray weights(String layer) {
        return graph.getLayer(layer).getParam(WEIGHT);
    }

    /** Views of the weights of the given layers, in order. */
    public Map<String, INDArray> weights(List<String> layers) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String layer : layers) {
            out.put(layer, weights(layer));
        }
        return out;
    }

    /**
     * The layers that are pruned: all weight layers minus the exclusions, where the aliases
     * {@code first-conv} and {@code last-dense} name this network's stem convolution and classifier.
     */
    public List<String> prunableLayers(List<String> exclude) {
        return weightLayers.stream().filter(l -> !excluded(l, exclude, firstConv, lastDense)).toList();
    }

    /** Whether {@code exclude} names {@code layer}, directly or through an alias; shared with {@link LayerSizes}. */
    static boolean excluded(String layer, List<String> exclude, String firstConv, String lastDense) {
        for (String e : exclude) {
            if (e.equals(layer) || ("first-conv".equals(e) && layer.equals(firstConv))
                    || ("last-dense".equals(e) && layer.equals(lastDense))) {
                return true;
            }
        }
        return false;
    }
}
