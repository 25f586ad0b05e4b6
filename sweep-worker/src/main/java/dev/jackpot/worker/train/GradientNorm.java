package dev.jackpot.worker.train;

import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Gradient flow at initialisation (Evci et al.): ‖∇L(θ) ⊙ m‖₂, where L is the mean cross-entropy over a fixed batch
 * of examples without the weight-decay term, θ the network's current parameters and m its mask (1 on every
 * parameter the mask does not cover: biases, normalisation, excluded layers). So it is the norm of the whole
 * gradient the masked network can follow, pruned entries zeroed.
 *
 * <p>DL4J's backprop gradient is the sum over the minibatch and excludes regularisation (the updater adds L2 and
 * divides by the batch size), so chunks are summed and divided by the example count. Chunks bound memory; with
 * BatchNorm each chunk normalises with its own statistics, as training minibatches do.
 */
public final class GradientNorm {
    private GradientNorm() {}

    /**
     * Measures the network as it is now and leaves its parameters as they were.
     *
     * @param mask  null for a dense network
     * @param chunk examples per forward-backward pass
     */
    public static double of(Network network, Mask mask, INDArray features, INDArray labels, int chunk) {
        ComputationGraph graph = network.graph();
        INDArray saved = graph.params().dup();     // a training-mode pass may move BatchNorm's running statistics
        long n = features.rows();
        INDArray sum = null;
        for (long from = 0; from < n; from += chunk) {
            long to = Math.min(n, from + chunk);
            graph.setInputs(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup());
            graph.setLabels(labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup());
            graph.computeGradientAndScore();
            Gradient gradient = graph.gradient();
            if (mask != null) {
                // The per-layer gradients are views of the flat gradient, as in MaskEnforcer.
                for (String layer : mask.layerNames()) {
                    gradient.getGradientFor(layer + "_" + Network.WEIGHT).muli(mask.layer(layer));
                }
            }
            INDArray flat = gradient.gradient().castTo(DataType.DOUBLE);
            if (sum == null) {
                sum = Nd4j.zeros(DataType.DOUBLE, flat.shape());
            }
            sum.addi(flat);
        }
        graph.setParams(saved);
        graph.clear();
        return sum == null ? Double.NaN : sum.norm2Number().doubleValue() / n;
    }
}
