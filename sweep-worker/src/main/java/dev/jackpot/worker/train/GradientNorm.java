package dev.jackpot.worker.train;

import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import java.util.List;
import java.util.Optional;

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
 * BatchNorm each chunk normalises with its own statistics, as training minibatches do. BatchNorm's running mean
 * and variance are not parameters of the loss and count zero. The ResNets take the same passes through oneDNN
 * ({@link ConvGraphStep}), the dense nets through {@link DenseGraphStep}; tests hold each to DL4J's figure.
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
        return of(network, mask, features, labels, chunk, Trainer.Engine.fromSystemProperty());
    }

    static double of(Network network, Mask mask, INDArray features, INDArray labels, int chunk, Trainer.Engine engine) {
        if (engine == Trainer.Engine.AUTO) {
            TrainSettings passes = new TrainSettings(0.01, 1, chunk, 0, 0, List.of(), 0.1, 0);
            // The fast steps in Trainer's order. The dense nets: the training step's own matrix products. DL4J's layers cost a quick-sweep trial
            // (resmlp2, 1,000 examples per run) more ND4J ops than its training, and two trials side by side
            // queue on ND4J's allocations (docs/BENCHMARKS.md, "Issue 6, fourth session").
            Optional<DenseGraphStep> dense = DenseGraphStep.of(network, mask, passes, passes.lrByIteration(chunk));
            if (dense.isPresent()) {
                return viaPasses(dense.get(), features, labels, chunk);
            }
            // The ResNets: the same passes through oneDNN, several times faster than DL4J's layers (for the
            // default 1,000 examples this was about 2 s per run of resnet8 at width 0.5, most of a short trial).
            Optional<ConvGraphStep> fast = ConvGraphStep.of(network, mask, passes, passes.lrByIteration(chunk));
            if (fast.isPresent()) {
                try (ConvGraphStep step = fast.get()) {
                    return viaPasses(step, features, labels, chunk);
                }
            }
        }
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
            // DL4J carries BatchNorm's running-average updates in the gradient of its running mean and variance;
            // those are not parameters of the loss.
            for (var entry : gradient.gradientForVariable().entrySet()) {
                if (RUNNING_STATISTICS.stream().anyMatch(entry.getKey()::endsWith)) {
                    entry.getValue().assign(0);
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

    private static final List<String> RUNNING_STATISTICS = List.of("_" + BatchNormalizationParamInitializer.GLOBAL_MEAN,
            "_" + BatchNormalizationParamInitializer.GLOBAL_VAR, "_" + BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    /** As above through a fast step, whose gradient is the chunk's mean, so it is weighted by its rows. */
    private static double viaPasses(GradientPasses step, INDArray features, INDArray labels, int chunk) {
        long n = features.rows();
        INDArray sum = null;
        for (long from = 0; from < n; from += chunk) {
            long to = Math.min(n, from + chunk);
            step.forwardBackward(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                    labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
            INDArray flat = step.gradient().mul(step.mask()).castTo(DataType.DOUBLE).muli(to - from);
            if (sum == null) {
                sum = Nd4j.zeros(DataType.DOUBLE, flat.shape());
            }
            sum.addi(flat);
        }
        return sum == null ? Double.NaN : sum.norm2Number().doubleValue() / n;
    }
}
