package dev.jackpot.worker.train;

import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.Optional;

/**
 * One SGD step for graphs made only of ReLU dense layers, identity additions and a softmax/cross-entropy
 * classifier (lenet300, resmlpN), written directly as matrix products over the graph's own parameter arrays.
 *
 * <p>Why: for networks this small, DL4J's per-step machinery (workspaces, the generic updater, listeners,
 * gradient views) costs more than the arithmetic; this path does only the arithmetic, in place, and trains at
 * the speed of the BLAS. The maths is the same step {@link Trainer} takes through {@code ComputationGraph.fit}:
 * cross-entropy averaged over the batch, L2 on weights and biases added to the gradient, the mask applied to
 * the weight gradients, classic momentum, the mask applied to the weights; a test checks both paths agree.
 * Parameters stay in the graph, so evaluation, checkpoints and pruning see them as usual.
 *
 * <p>Speed comes from two things (docs/BENCHMARKS.md): no allocation per step (an ND4J allocation costs about as
 * much as a 64x784x300 matrix product here), and the update done once over the flat parameter vector (gradient,
 * velocity and a mask of ones for biases and unpruned layers share its layout) instead of per tensor.
 */
final class DenseGraphStep {
    private final List<Node> order;            // topological order, network input excluded
    private final String input;
    private final double momentum;
    private final double weightDecay;
    private final NavigableMap<Integer, Double> lrByIteration;
    private final INDArray params;             // the graph's flat parameter vector (a view, updated in place)
    private final INDArray gradient;           // same layout as params
    private final INDArray velocity;           // same layout as params
    private final INDArray mask;               // same layout as params: 1 for biases and unpruned layers
    private final Map<Long, Buffers> buffersByBatch = new HashMap<>();

    private enum Kind { DENSE, ADD, OUTPUT }

    private record Node(String name, Kind kind, List<String> inputs, INDArray weights, INDArray bias, long units,
                        INDArray weightGradient, INDArray biasGradient) {}

    /** Activations and their gradients for one batch size, allocated once. */
    private record Buffers(Map<String, INDArray> out, Map<String, INDArray> dOut, Map<String, INDArray> dz,
                           INDArray loss) {}

    private DenseGraphStep(ComputationGraph graph, List<Node> nodes, String input, Mask pruning,
                           TrainSettings settings, NavigableMap<Integer, Double> lrByIteration) {
        this.input = input;
        this.momentum = settings.momentum();
        this.weightDecay = settings.weightDecay();
        this.lrByIteration = lrByIteration;
        this.params = graph.params();
        this.gradient = Nd4j.zeros(params.dataType(), params.shape());
        this.velocity = Nd4j.zeros(params.dataType(), params.shape());
        this.mask = Nd4j.ones(params.dataType(), params.shape());
        List<Node> withGradients = new ArrayList<>();
        for (Node n : nodes) {
            if (n.kind == Kind.ADD) {
                withGradients.add(n);
                continue;
            }
            INDArray gw = sameLayout(gradient, n.weights);
            INDArray gb = sameLayout(gradient, n.bias);
            if (pruning != null && pruning.layerNames().contains(n.name)) {
                sameLayout(mask, n.weights).assign(pruning.layer(n.name));
            }
            withGradients.add(new Node(n.name, n.kind, n.inputs, n.weights, n.bias, n.units, gw, gb));
        }
        this.order = withGradients;
    }

    /** A view of {@code flat} at the position {@code param} occupies in the graph's flat parameter vector. */
    private INDArray sameLayout(INDArray flat, INDArray param) {
        long offset = param.offset() - params.offset();
        INDArray segment = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + param.length()));
        return segment.reshape(param.ordering(), param.shape());
    }

    /** The fast step for this network, or empty when its graph has anything else (conv, BatchNorm, dropout...). */
    static Optional<DenseGraphStep> of(Network network, Mask mask, TrainSettings settings,
                                       NavigableMap<Integer, Double> lrByIteration) {
        ComputationGraph graph = network.graph();
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1
                || graph.params().rank() != 2 || graph.params().rows() != 1) {
            return Optional.empty();
        }
        String input = conf.getNetworkInputs().get(0);
        List<Node> nodes = new ArrayList<>();
        Map<String, Long> units = new HashMap<>();
        for (int index : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[index].getVertexName();
            if (name.equals(input)) {
                continue;
            }
            GraphVertex vertex = conf.getVertices().get(name);
            List<String> inputs = conf.getVertexInputs().get(name);
            Kind kind = kindOf(vertex, inputs);
            if (kind == null) {
                return Optional.empty();
            }
            if (kind == Kind.ADD) {
                units.put(name, units.get(inputs.get(0)));
                nodes.add(new Node(name, kind, inputs, null, null, units.get(name), null, null));
            } else {
                INDArray w = graph.getLayer(name).getParam("W");
                units.put(name, w.size(1));
                nodes.add(new Node(name, kind, inputs, w, graph.getLayer(name).getParam("b"), w.size(1), null, null));
            }
        }
        if (nodes.isEmpty() || nodes.get(nodes.size() - 1).kind != Kind.OUTPUT
                || !conf.getNetworkOutputs().get(0).equals(nodes.get(nodes.size() - 1).name)) {
            return Optional.empty();
        }
        return Optional.of(new DenseGraphStep(graph, nodes, input, mask, settings, lrByIteration));
    }

    private static Kind kindOf(GraphVertex vertex, List<String> inputs) {
        if (vertex instanceof ElementWiseVertex add) {
            return add.getOp() == ElementWiseVertex.Op.Add && inputs.size() == 2 ? Kind.ADD : null;
        }
        if (!(vertex instanceof LayerVertex lv) || inputs.size() != 1 || lv.getPreProcessor() != null) {
            return null;
        }
        Layer layer = lv.getLayerConf().getLayer();
        if (layer instanceof OutputLayer out) {
            boolean plain = out.getActivationFn() instanceof ActivationSoftmax && out.getLossFn() instanceof LossMCXENT
                    && ((LossMCXENT) out.getLossFn()).getWeights() == null && out.getIDropout() == null && out.hasBias();
            return plain ? Kind.OUTPUT : null;
        }
        if (layer instanceof DenseLayer dense) {
            boolean plain = dense.getActivationFn() instanceof ActivationReLU && dense.getIDropout() == null
                    && dense.hasBias() && !dense.hasLayerNorm();
            return plain ? Kind.DENSE : null;
        }
        return null;
    }

    private Buffers buffers(long batch) {
        return buffersByBatch.computeIfAbsent(batch, b -> {
            Map<String, INDArray> out = new HashMap<>();
            Map<String, INDArray> dOut = new HashMap<>();
            Map<String, INDArray> dz = new HashMap<>();
            long classes = 0;
            for (Node n : order) {
                out.put(n.name, columnMajor(b, n.units));
                dOut.put(n.name, columnMajor(b, n.units));
                if (n.kind != Kind.ADD) {
                    dz.put(n.name, columnMajor(b, n.units));
                }
                classes = n.units;
            }
            return new Buffers(out, dOut, dz, columnMajor(b, classes));
        });
    }

    /**
     * A column-major buffer: libnd4j's matrix product writes a column-major output straight from the BLAS, and
     * copies a row-major one through a temporary column-major array first (about twice the cost of the product
     * for 64x784x300, docs/BENCHMARKS.md). The weights and weight gradients are column-major views already.
     */
    private INDArray columnMajor(long rows, long cols) {
        return Nd4j.create(params.dataType(), new long[] {rows, cols}, 'f');
    }

    /**
     * Trains on one minibatch and returns the objective DL4J would report as its score: mean cross-entropy plus
     * the L2 penalty 0.5 · λ · Σθ² over all parameters.
     */
    double step(INDArray x, INDArray y, int iteration) {
        long batch = x.rows();
        Buffers buf = buffers(batch);
        Node output = order.get(order.size() - 1);
        for (Node n : order) {
            INDArray out = buf.out.get(n.name);
            switch (n.kind) {
                case ADD -> out.assign(activation(buf, x, n.inputs.get(0))).addi(activation(buf, x, n.inputs.get(1)));
                case DENSE -> {
                    Nd4j.gemm(activation(buf, x, n.inputs.get(0)), n.weights, out, false, false, 1.0, 0.0);
                    Transforms.relu(out.addiRowVector(n.bias), false);
                }
                case OUTPUT -> {
                    Nd4j.gemm(activation(buf, x, n.inputs.get(0)), n.weights, out, false, false, 1.0, 0.0);
                    Transforms.softmax(out.addiRowVector(n.bias), false);
                }
            }
        }
        INDArray probabilities = buf.out.get(output.name);
        // -Σ y·log(max(p, tiny)) / B, computed in place in a scratch buffer.
        INDArray logP = Transforms.log(Transforms.max(buf.loss.assign(probabilities), 1e-30, false), false);
        double loss = -logP.muli(y).sumNumber().doubleValue() / batch;

        Set<String> written = new HashSet<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            INDArray dz;
            switch (n.kind) {
                case ADD -> {
                    INDArray d = buf.dOut.get(n.name);
                    for (String in : n.inputs) {
                        if (!in.equals(input)) {
                            INDArray target = buf.dOut.get(in);
                            if (written.add(in)) {
                                target.assign(d);
                            } else {
                                target.addi(d);
                            }
                        }
                    }
                    continue;
                }
                case OUTPUT -> dz = buf.dz.get(n.name).assign(probabilities).subi(y).divi(batch);
                default -> {
                    dz = buf.dz.get(n.name);
                    Nd4j.exec(new ThresholdReluBp(buf.out.get(n.name), buf.dOut.get(n.name), dz, 0.0));
                }
            }
            String in = n.inputs.get(0);
            Nd4j.gemm(activation(buf, x, in), dz, n.weightGradient, true, false, 1.0, 0.0);
            dz.sum(n.biasGradient.reshape(n.units), 0);
            if (!in.equals(input)) {
                boolean first = written.add(in);
                Nd4j.gemm(dz, n.weights, buf.dOut.get(in), false, true, 1.0, first ? 0.0 : 1.0);
            }
        }

        // The update, once over the whole flat vector: g += λθ; g ⊙= m; v = μv + g; θ -= lr·v; θ ⊙= m.
        double lr = lrByIteration.floorEntry(iteration).getValue();
        double penalty = 0;
        if (weightDecay != 0) {
            // Σθ² as a BLAS dot product: ND4J's norm2 reduction took 350 µs for lenet300's 267k parameters, a
            // tenth of the whole step; the dot takes ~20 µs. Only the reported loss reads it, not the update.
            penalty = 0.5 * weightDecay * Nd4j.getBlasWrapper().dot(params, params);
            Nd4j.getBlasWrapper().axpy(weightDecay, params, gradient);
        }
        gradient.muli(mask);
        velocity.muli(momentum).addi(gradient);
        Nd4j.getBlasWrapper().axpy(-lr, velocity, params);
        params.muli(mask);
        return loss + penalty;
    }

    private static INDArray activation(Buffers buf, INDArray x, String vertex) {
        INDArray a = buf.out.get(vertex);
        return a != null ? a : x;
    }
}
