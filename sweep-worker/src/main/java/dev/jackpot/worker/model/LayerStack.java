package dev.jackpot.worker.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * The layer vocabulary the networks are written in: each method adds one vertex to the graph and returns its
 * name, so a body reads as its forward pass. It also records the weight layers (convolutions and dense layers)
 * in the order they are added, which the builders keep input-to-output; BatchNorm is never recorded, so its
 * parameters are never prunable.
 *
 * <p>Conventions shared by every network, fixed here once:
 * <ul>
 *   <li>Convolutions are Kaiming-normal with fan-out, {@code N(0, 2 / (out channels * k * k))}, as
 *       {@code torch.nn.init.kaiming_normal_(mode="fan_out", nonlinearity="relu")} in the paper's code. DL4J's
 *       own options do not give this: {@code WeightInit.RELU} uses fan-in, {@code VAR_SCALING_NORMAL_FAN_OUT}
 *       is a truncated normal of variance 1/fan-out, and DL4J's convolution fan-out is divided by the stride.
 *       So each convolution gets an explicit normal distribution with the right standard deviation.</li>
 *   <li>Dense layers inherit the graph default {@code WeightInit.RELU}: Kaiming normal with fan-in.</li>
 *   <li>Padding is explicit and output sizes round down ({@code ConvolutionMode.Truncate}), as PyTorch's
 *       {@code Conv2d(padding=k/2)} and {@code MaxPool2d(2)}; DL4J's "Same" mode would pad stride-2
 *       convolutions on one side only and shift every downsampled pixel by one.</li>
 * </ul>
 */
final class LayerStack {
    private final GraphBuilder graph;
    private final List<String> weightLayers = new ArrayList<>();

    LayerStack(GraphBuilder graph) {
        this.graph = graph;
    }

    /** Weight layers added so far, in order. */
    List<String> weightLayers() {
        return List.copyOf(weightLayers);
    }

    /** A k x k convolution with padding k / 2, no activation. */
    String conv(String name, String input, int channels, int kernel, int stride, boolean bias) {
        double std = Math.sqrt(2.0 / ((double) channels * kernel * kernel));
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .padding(kernel / 2, kernel / 2)
                .convolutionMode(ConvolutionMode.Truncate)
                .nOut(channels)
                .hasBias(bias)
                .activation(Activation.IDENTITY)
                .weightInit(new NormalDistribution(0, std))
                .build(), input);
        weightLayers.add(name);
        return name;
    }

    /**
     * BatchNorm over channels, as PyTorch's BatchNorm2d defaults: gamma 1, beta 0, eps 1e-5, running statistics
     * updated with momentum 0.1 (DL4J's decay 0.9).
     */
    String batchNorm(String name, String input) {
        graph.addLayer(name, new BatchNormalization.Builder()
                .eps(1e-5)
                .decay(0.9)
                .activation(Activation.IDENTITY)
                .build(), input);
        return name;
    }

    String relu(String name, String input) {
        graph.addLayer(name, new ActivationLayer.Builder().activation(new Relu()).build(), input);
        return name;
    }

    /** 2 x 2 max pooling with stride 2 (odd sizes round down). */
    String maxPool(String name, String input) {
        graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(2, 2)
                .stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate)
                .build(), input);
        return name;
    }

    /** Averages each channel over its whole feature map: [n, c, h, w] to [n, c]. */
    String globalAvgPool(String name, String input) {
        graph.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
        return name;
    }

    /** A dense layer with bias and ReLU. */
    String dense(String name, String input, int units) {
        graph.addLayer(name, new DenseLayer.Builder().nOut(units).activation(Activation.RELU).build(), input);
        weightLayers.add(name);
        return name;
    }

    /** Element-wise sum of two vertices of the same shape: the join of a skip connection. */
    String add(String name, String a, String b) {
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        return name;
    }
}
