package dev.jackpot.worker.train;

import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Keeps pruned weights at exactly zero: DL4J calls {@link #onGradientCalculation} after backprop and before the
 * updater, so the masked gradient never enters the momentum buffer; {@link #maskWeights} runs after each step.
 * Either alone is not enough: without the first, momentum carries a pruned weight's history; without the
 * second, weight decay of a revived weight, or floating-point residue, could leave it non-zero.
 */
final class MaskEnforcer extends BaseTrainingListener {
    private final Mask mask;
    private final Map<String, INDArray> weightViews;

    MaskEnforcer(Network network, Mask mask) {
        this.mask = mask;
        this.weightViews = network.weights(mask.layerNames().stream().toList());
    }

    @Override
    public void onGradientCalculation(Model model) {
        Gradient gradient = model.gradient();
        for (String layer : mask.layerNames()) {
            INDArray g = gradient.getGradientFor(layer + "_" + Network.WEIGHT);
            g.muli(mask.layer(layer));
        }
    }

    void maskWeights() {
        mask.applyInPlace(weightViews);
    }
}
