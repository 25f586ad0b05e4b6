package dev.jackpot.worker.model;

import dev.jackpot.worker.train.SgdMomentum;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/** Builds the networks of {@link Architectures} by name. */
public final class Networks {
    private Networks() {}

    /**
     * Builds and initialises a network. Weights are Kaiming-normal (He) initialised from {@code initSeed}, so the
     * same seed gives the same θ0 and another seed a fresh draw from the same initialiser (RR's θ0').
     *
     * @param updater     the optimiser configuration the graph trains with
     * @param weightDecay L2 on every parameter, biases included, as PyTorch's weight_decay
     */
    public static Network build(String architecture, double width, boolean residual, int inputSize, int numClasses,
                                long initSeed, SgdMomentum updater, double weightDecay) {
        if (!Architectures.isKnown(architecture)) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "'; known: "
                    + Architectures.describeKnown());
        }
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(initSeed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .l2(weightDecay)
                .l2Bias(weightDecay)
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(inputSize));
        List<String> weightLayers = new ArrayList<>();
        String last;
        int blocks = Architectures.resmlpBlocks(architecture);
        if (blocks < 0) {
            last = lenet300(g, width, weightLayers);
        } else {
            last = resmlp(g, blocks, width, residual, weightLayers);
        }
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(numClasses).activation(Activation.SOFTMAX).build(), last);
        weightLayers.add("out");
        g.setOutputs("out");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return new Network(graph, weightLayers, null, "out");
    }

    /** LeNet-300-100: 784 -> 300w -> 100w -> classes, ReLU. */
    private static String lenet300(ComputationGraphConfiguration.GraphBuilder g, double width, List<String> layers) {
        g.addLayer("fc1", dense(scaled(300, width)), "in");
        g.addLayer("fc2", dense(scaled(100, width)), "fc1");
        layers.add("fc1");
        layers.add("fc2");
        return "fc2";
    }

    /**
     * A projection to 256w units, then {@code blocks} dense layers of that width. With residual on, block i
     * computes x + relu(W x + b) (an identity skip, no extra parameters); off, it computes relu(W x + b).
     */
    private static String resmlp(ComputationGraphConfiguration.GraphBuilder g, int blocks, double width,
                                 boolean residual, List<String> layers) {
        int hidden = scaled(Architectures.RESMLP_BASE_WIDTH, width);
        g.addLayer("proj", dense(hidden), "in");
        layers.add("proj");
        String previous = "proj";
        for (int i = 1; i <= blocks; i++) {
            String fc = "block" + i;
            g.addLayer(fc, dense(hidden), previous);
            layers.add(fc);
            if (residual) {
                String add = "skip" + i;
                g.addVertex(add, new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, fc);
                previous = add;
            } else {
                previous = fc;
            }
        }
        return previous;
    }

    private static DenseLayer dense(int units) {
        return new DenseLayer.Builder().nOut(units).activation(Activation.RELU).build();
    }

    static int scaled(int base, double width) {
        return Math.max(1, (int) Math.round(base * width));
    }
}
