package dev.jackpot.worker.model;

import dev.jackpot.worker.train.SgdMomentum;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/** Builds the networks of {@link Architectures} by name, as float32 DL4J computation graphs. */
public final class Networks {
    static final String INPUT = "in";
    static final String OUTPUT = "out";

    private Networks() {}

    /**
     * Builds and initialises a network. Weights are Kaiming-normal initialised from {@code initSeed} (fan-out for
     * convolutions, fan-in for dense layers; see {@link LayerStack}), so the same seed gives the same θ0 and
     * another seed a fresh draw from the same initialiser (RR's θ0').
     *
     * @param input       the shape of one image; the network takes flat rows of {@code input.flatSize()} values
     * @param residual    skip connections on or off (resmlp and resnet; the others have none)
     * @param updater     the optimiser configuration the graph trains with
     * @param weightDecay L2 on every weight and bias, as PyTorch's weight_decay (DL4J never decays BatchNorm's
     *                    gamma and beta, which PyTorch's SGD over model.parameters() would)
     */
    public static Network build(String architecture, double width, boolean residual, InputShape input, int numClasses,
                                long initSeed, SgdMomentum updater, double weightDecay) {
        Configured c = configure(architecture, width, residual, input, numClasses, initSeed, updater, weightDecay);
        ComputationGraph graph = new ComputationGraph(c.conf());
        graph.init();
        return new Network(graph, c.weightLayers(), c.firstConv(), OUTPUT);
    }

    /** A network's configuration, nothing allocated: what {@link #build} initialises and {@link LayerSizes} counts. */
    record Configured(ComputationGraphConfiguration conf, List<String> weightLayers, String firstConv) {}

    /** As {@link #build}, without creating the graph; {@code updater} may be null when it will not train. */
    static Configured configure(String architecture, double width, boolean residual, InputShape input,
                                int numClasses, long initSeed, SgdMomentum updater, double weightDecay) {
        Architectures.Parsed arch = Architectures.parse(architecture);
        if (arch == null) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "'; known: "
                    + Architectures.describeKnown());
        }
        boolean dense = arch.family() == Architectures.Family.LENET300 || arch.family() == Architectures.Family.RESMLP;
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(initSeed)
                .dataType(DataType.FLOAT)
                .l2(weightDecay)
                .l2Bias(weightDecay)
                .weightInit(WeightInit.RELU);
        if (updater != null) {
            base.updater(updater);
        }
        ComputationGraphConfiguration.GraphBuilder g = base
                .graphBuilder()
                .addInputs(INPUT)
                // Convolutional networks get the flat rows reshaped to [n, c, h, w] by a preprocessor DL4J adds.
                .setInputTypes(dense
                        ? InputType.feedForward(input.flatSize())
                        : InputType.convolutionalFlat(input.height(), input.width(), input.channels()));
        LayerStack s = new LayerStack(g);
        String last = switch (arch.family()) {
            case LENET300 -> Mlp.lenet300(s, INPUT, width);
            case RESMLP -> Mlp.resmlp(s, INPUT, arch.size(), width, residual);
            case RESNET -> ResNet.body(s, INPUT, arch.size(), width, residual);
            case VGG -> Vgg.body(s, INPUT, arch.size(), width);
            case CONV -> ConvNet.body(s, INPUT, arch.size(), width);
        };
        g.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(numClasses).activation(Activation.SOFTMAX).build(), last);
        g.setOutputs(OUTPUT);
        List<String> weightLayers = new ArrayList<>(s.weightLayers());
        weightLayers.add(OUTPUT);
        String firstConv = dense ? null : weightLayers.get(0);
        return new Configured(g.build(), weightLayers, firstConv);
    }

    /** A width-scaled layer size: never below one unit or channel. */
    static int scaled(int base, double width) {
        return Math.max(1, (int) Math.round(base * width));
    }
}
