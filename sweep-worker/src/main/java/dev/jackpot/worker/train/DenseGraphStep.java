package dev.jackpot.worker.train;

import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Relu;
import dev.jackpot.worker.prune.Mask;
import org.bytedeco.javacpp.FloatPointer;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_scopy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sdot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sscal;

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
 * <p>Speed (docs/BENCHMARKS.md): no allocation per step; the update done once over the flat parameter vector
 * (gradient, velocity and a mask of ones for biases and unpruned layers share its layout); and no ND4J op in the
 * layers at all. Each ND4J op costs 5-15 µs of Java-side dispatch (and often an allocation) whatever its size, and
 * a step of lenet300 took about 35 of them; here the matrix products and vector updates call OpenBLAS's CBLAS
 * directly on the arrays' memory (the same library ND4J calls, on the calling thread), and the element-wise parts
 * (bias + ReLU, softmax, ReLU's derivative, bias gradients: 64x410 values per step for lenet300) are plain loops.
 * Only the two mask products stay ND4J ops.
 */
final class DenseGraphStep implements GradientPasses {
    private final Node[] order;                // topological order, network input excluded
    private final double momentum;
    private final double weightDecay;
    private final NavigableMap<Integer, Double> lrByIteration;
    private final INDArray params;             // the graph's flat parameter vector (a view, updated in place)
    private final INDArray gradient;           // same layout as params
    private final INDArray velocity;           // same layout as params
    private final INDArray mask;               // same layout as params: 1 for biases and unpruned layers
    private final FloatPointer paramsP;
    private final FloatPointer gradientP;
    private final FloatPointer velocityP;
    private final int size;
    private final int evaluationChunk;
    private final Map<Long, Buffers> buffersByBatch = new HashMap<>();

    private enum Kind { DENSE, ADD, OUTPUT }

    /** A vertex; {@code inputs} are indices into {@link #order}, -1 for the network input. */
    private static final class Node {
        final String name;
        final Kind kind;
        final int[] inputs;
        final int fanIn;
        final int units;
        final FloatPointer weights;          // [fanIn, units], column-major
        final FloatBuffer bias;              // [units]
        final FloatPointer weightGradient;   // [fanIn, units], column-major
        final FloatBuffer biasGradient;      // [units]

        Node(String name, Kind kind, int[] inputs, int fanIn, int units, FloatPointer weights, FloatBuffer bias,
             FloatPointer weightGradient, FloatBuffer biasGradient) {
            this.name = name;
            this.kind = kind;
            this.inputs = inputs;
            this.fanIn = fanIn;
            this.units = units;
            this.weights = weights;
            this.bias = bias;
            this.weightGradient = weightGradient;
            this.biasGradient = biasGradient;
        }
    }

    /** A column-major [batch, units] float buffer, through the two views the step uses. */
    private record Matrix(INDArray array, FloatPointer pointer, FloatBuffer values) {
        static Matrix columnMajor(long rows, long cols) {
            INDArray a = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'f');
            return new Matrix(a, DenseGraphStep.pointer(a), buffer(a));
        }
    }

    /** Activations (out), their gradients (dOut) and pre-activation gradients (dz) per node, for one batch size. */
    private record Buffers(Matrix[] out, Matrix[] dOut, Matrix[] dz) {}

    /** Two heap arrays the element-wise loops work in, grown to the largest layer. */
    private final float[][] scratch = {new float[0], new float[0]};

    private float[] scratch(int which, int size) {
        if (scratch[which].length < size) {
            scratch[which] = new float[size];
        }
        return scratch[which];
    }

    private DenseGraphStep(ComputationGraph graph, List<Proto> protos, Mask pruning, TrainSettings settings,
                           NavigableMap<Integer, Double> lrByIteration) {
        this.momentum = settings.momentum();
        this.weightDecay = settings.weightDecay();
        this.lrByIteration = lrByIteration;
        this.params = graph.params();
        this.gradient = Nd4j.zeros(params.dataType(), params.shape());
        this.velocity = Nd4j.zeros(params.dataType(), params.shape());
        this.mask = Nd4j.ones(params.dataType(), params.shape());
        this.size = Math.toIntExact(params.length());
        this.evaluationChunk = settings.batchSize();
        this.paramsP = pointer(params);
        this.gradientP = pointer(gradient);
        this.velocityP = pointer(velocity);
        Map<String, Integer> index = new HashMap<>();
        this.order = new Node[protos.size()];
        for (int i = 0; i < protos.size(); i++) {
            Proto p = protos.get(i);
            int[] inputs = p.inputs.stream().mapToInt(in -> index.getOrDefault(in, -1)).toArray();
            index.put(p.name, i);
            if (p.kind == Kind.ADD) {
                order[i] = new Node(p.name, p.kind, inputs, 0, p.units, null, null, null, null);
                continue;
            }
            if (pruning != null && pruning.layerNames().contains(p.name)) {
                sameLayout(mask, p.weights).assign(pruning.layer(p.name));
            }
            order[i] = new Node(p.name, p.kind, inputs, (int) p.weights.size(0), p.units, pointer(p.weights),
                    buffer(p.bias), pointer(sameLayout(gradient, p.weights)), buffer(sameLayout(gradient, p.bias)));
        }
    }

    /** A vertex as read from the graph, before the step's own views exist. */
    private record Proto(String name, Kind kind, List<String> inputs, INDArray weights, INDArray bias, int units) {}

    /** A view of {@code flat} at the position {@code param} occupies in the graph's flat parameter vector. */
    private INDArray sameLayout(INDArray flat, INDArray param) {
        return sameLayout(flat, params, param);
    }

    /**
     * A view of {@code flat} (laid out as {@code params}, a graph's flat parameter vector) at the position
     * {@code param}, a view into {@code params}, occupies, in {@code param}'s shape and order.
     */
    static INDArray sameLayout(INDArray flat, INDArray params, INDArray param) {
        long offset = param.offset() - params.offset();
        INDArray segment = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + param.length()));
        return segment.reshape(param.ordering(), param.shape());
    }

    /**
     * The array's first element, for CBLAS; the array must outlive the pointer. In ND4J 1.0.0-M2 a view's data
     * buffer starts at the view's first element already ({@code offset()} is relative to the original buffer),
     * which the check below confirms on every pointer taken.
     */
    static FloatPointer pointer(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.data().length() < a.length()) {
            throw new IllegalArgumentException("dense float32 only: " + a.dataType() + " " + a.shapeInfoToString());
        }
        FloatPointer p = new FloatPointer(a.data().addressPointer());
        p.limit(p.position() + a.length());
        if (a.length() > 0 && Float.floatToRawIntBits(p.get(0)) != Float.floatToRawIntBits(a.getFloat(0))) {
            throw new IllegalStateException("the data pointer does not start at the array's first element");
        }
        return p;
    }

    /** The array's elements in memory order, as a buffer over the same memory (absolute get/put from 0). */
    static FloatBuffer buffer(INDArray a) {
        return pointer(a).asBuffer();
    }

    /** The fast step for this network, or empty when its graph has anything else (conv, BatchNorm, dropout...). */
    static Optional<DenseGraphStep> of(Network network, Mask mask, TrainSettings settings,
                                       NavigableMap<Integer, Double> lrByIteration) {
        ComputationGraph graph = network.graph();
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1
                || graph.params().rank() != 2 || graph.params().rows() != 1
                || graph.params().dataType() != DataType.FLOAT || graph.params().elementWiseStride() != 1) {
            return Optional.empty();
        }
        String input = conf.getNetworkInputs().get(0);
        List<Proto> nodes = new ArrayList<>();
        Map<String, Integer> units = new HashMap<>();
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
                // Additions of hidden activations only (the column-major buffers); resmlp's skips are.
                if (inputs.contains(input) || !units.get(inputs.get(0)).equals(units.get(inputs.get(1)))) {
                    return Optional.empty();
                }
                units.put(name, units.get(inputs.get(0)));
                nodes.add(new Proto(name, kind, inputs, null, null, units.get(name)));
            } else {
                INDArray w = graph.getLayer(name).getParam("W");
                INDArray b = graph.getLayer(name).getParam("b");
                // DL4J keeps dense weights column-major [fanIn, units]; the CBLAS calls below rely on it.
                if (w.ordering() != 'f' || w.stride(0) != 1 || w.stride(1) != w.size(0)
                        || b.elementWiseStride() != 1) {
                    return Optional.empty();
                }
                units.put(name, (int) w.size(1));
                nodes.add(new Proto(name, kind, inputs, w, b, (int) w.size(1)));
            }
        }
        if (nodes.isEmpty() || nodes.get(nodes.size() - 1).kind != Kind.OUTPUT
                || !conf.getNetworkOutputs().get(0).equals(nodes.get(nodes.size() - 1).name)) {
            return Optional.empty();
        }
        return Optional.of(new DenseGraphStep(graph, nodes, mask, settings, lrByIteration));
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
            Matrix[] out = new Matrix[order.length];
            Matrix[] dOut = new Matrix[order.length];
            Matrix[] dz = new Matrix[order.length];
            for (int i = 0; i < order.length; i++) {
                out[i] = Matrix.columnMajor(b, order[i].units);
                dOut[i] = Matrix.columnMajor(b, order[i].units);
                if (order[i].kind != Kind.ADD) {
                    dz[i] = Matrix.columnMajor(b, order[i].units);
                }
            }
            return new Buffers(out, dOut, dz);
        });
    }

    /**
     * The network input as a CBLAS operand: dense float rows, row-major (as batches come) or column-major; anything
     * else is copied first.
     */
    private record Input(INDArray array, FloatPointer pointer, boolean rowMajor) {
        static Input of(INDArray x) {
            INDArray dense = x;
            boolean rowMajor = x.ordering() == 'c';
            if (x.dataType() != DataType.FLOAT || x.rank() != 2 || x.elementWiseStride() != 1) {
                dense = x.castTo(DataType.FLOAT).dup('c');
                rowMajor = true;
            }
            return new Input(dense, DenseGraphStep.pointer(dense), rowMajor);
        }
    }

    /**
     * Trains on one minibatch and returns the objective DL4J would report as its score: mean cross-entropy plus
     * the L2 penalty 0.5 · λ · Σθ² over all parameters.
     */
    double step(INDArray x, INDArray y, int iteration) {
        double loss = forwardBackward(x, y);

        // The update, once over the whole flat vector: g += λθ; g ⊙= m; v = μv + g; θ -= lr·v; θ ⊙= m.
        // Each line is the BLAS call ND4J made for the same expression before (axpy, scal), in the same order.
        double lr = lrByIteration.floorEntry(iteration).getValue();
        double penalty = 0;
        if (weightDecay != 0) {
            penalty = 0.5 * weightDecay * cblas_sdot(size, paramsP, 1, paramsP, 1);
            cblas_saxpy(size, (float) weightDecay, paramsP, 1, gradientP, 1);
        }
        gradient.muli(mask);
        cblas_sscal(size, (float) momentum, velocityP, 1);
        cblas_saxpy(size, 1f, gradientP, 1, velocityP, 1);
        cblas_saxpy(size, (float) -lr, velocityP, 1, paramsP, 1);
        params.muli(mask);
        return loss + penalty;
    }

    /**
     * After {@link #forwardBackward}: the gradient of the minibatch's mean cross-entropy (no L2 term, unmasked)
     * with respect to every parameter, in the layout of the graph's flat parameter vector. {@link #step} then adds
     * the L2 term and the mask to it in place.
     */
    @Override
    public INDArray gradient() {
        return gradient;
    }

    /** The flat 0/1 mask the step applies (1 for biases and for every layer the pruning mask does not cover). */
    @Override
    public INDArray mask() {
        return mask;
    }

    /**
     * Forward and backward passes over one minibatch, filling {@link #gradient()}; the parameters are left as they
     * are. Returns the mean cross-entropy.
     */
    @Override
    public double forwardBackward(INDArray x, INDArray y) {
        int batch = Math.toIntExact(x.rows());
        Buffers buf = buffers(batch);
        Input in = Input.of(x);
        INDArray labels = rowMajorFloat(y);
        FloatBuffer target = buffer(labels);

        forward(buf, in, batch);
        int last = order.length - 1;
        Node output = order[last];
        double loss = crossEntropyGradient(buf.out[last].values, target, buf.dz[last].values, batch, output.units);

        boolean[] written = new boolean[order.length];
        for (int i = last; i >= 0; i--) {
            Node n = order[i];
            if (n.kind == Kind.ADD) {
                Matrix d = buf.dOut[i];
                int count = batch * n.units;
                for (int from : n.inputs) {
                    if (written[from]) {
                        cblas_saxpy(count, 1f, d.pointer, 1, buf.dOut[from].pointer, 1);
                    } else {
                        cblas_scopy(count, d.pointer, 1, buf.dOut[from].pointer, 1);
                        written[from] = true;
                    }
                }
                continue;
            }
            Matrix dz = buf.dz[i];
            if (n.kind == Kind.DENSE) {
                reluGradient(buf.out[i].values, buf.dOut[i].values, dz.values, batch * n.units,
                        scratch(0, batch * n.units), scratch(1, batch * n.units));
            }
            int from = n.inputs[0];
            // dW[fanIn, units] = aᵀ · dz; the row-major network input is aᵀ in column-major terms already.
            if (from < 0) {
                cblas_sgemm(CblasColMajor, in.rowMajor ? CblasNoTrans : CblasTrans, CblasNoTrans, n.fanIn, n.units,
                        batch, 1f, in.pointer, in.rowMajor ? n.fanIn : batch, dz.pointer, batch, 0f,
                        n.weightGradient, n.fanIn);
            } else {
                cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, n.fanIn, n.units, batch, 1f,
                        buf.out[from].pointer, batch, dz.pointer, batch, 0f, n.weightGradient, n.fanIn);
            }
            columnSums(dz.values, n.biasGradient, batch, n.units);
            if (from >= 0) {
                // dOut[from][B, fanIn] (+)= dz · Wᵀ
                cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, batch, n.fanIn, n.units, 1f, dz.pointer, batch,
                        n.weights, n.fanIn, written[from] ? 1f : 0f, buf.dOut[from].pointer, batch);
                written[from] = true;
            }
        }
        // The pointers read memory the arrays own: keep a copied input or labels array alive until here.
        Reference.reachabilityFence(in.array);
        Reference.reachabilityFence(labels);
        return loss;
    }

    /** The forward pass: every node's activations into {@code buf.out}, the last one softmax probabilities. */
    private void forward(Buffers buf, Input in, int batch) {
        for (int i = 0; i < order.length; i++) {
            Node n = order[i];
            Matrix out = buf.out[i];
            if (n.kind == Kind.ADD) {
                int count = batch * n.units;
                cblas_scopy(count, buf.out[n.inputs[0]].pointer, 1, out.pointer, 1);
                cblas_saxpy(count, 1f, buf.out[n.inputs[1]].pointer, 1, out.pointer, 1);
                continue;
            }
            // out[B, units] = a[B, fanIn] · W[fanIn, units], all column-major but a row-major network input.
            if (n.inputs[0] < 0) {
                cblas_sgemm(CblasColMajor, in.rowMajor ? CblasTrans : CblasNoTrans, CblasNoTrans, batch, n.units,
                        n.fanIn, 1f, in.pointer, in.rowMajor ? n.fanIn : batch, n.weights, n.fanIn, 0f, out.pointer,
                        batch);
            } else {
                cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, batch, n.units, n.fanIn, 1f,
                        buf.out[n.inputs[0]].pointer, batch, n.weights, n.fanIn, 0f, out.pointer, batch);
            }
            if (n.kind == Kind.DENSE) {
                biasRelu(out.values, n.bias, batch, n.units, scratch(0, batch * n.units));
            } else {
                biasSoftmax(out.values, n.bias, batch, n.units);
            }
        }
    }

    /**
     * {test loss, test accuracy} as {@link Trainer#evaluate} computes them (mean cross-entropy of the true class,
     * probabilities clamped at 1e-12; the first largest probability is the prediction), through this step's own
     * forward pass in chunks of the training batch size, so evaluation reuses the training buffers instead of
     * running DL4J's layers.
     */
    double[] evaluate(INDArray features, INDArray labels) {
        long n = features.rows();
        TestScore score = new TestScore();
        int last = order.length - 1;
        for (long from = 0; from < n; from += evaluationChunk) {
            long to = Math.min(n, from + evaluationChunk);
            int rows = (int) (to - from);
            Buffers buf = buffers(rows);
            Input in = Input.of(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
            forward(buf, in, rows);
            score.add(buf.out[last].values, labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
            Reference.reachabilityFence(in.array);
        }
        return score.lossAndAccuracy();
    }

    /** {@code y} as dense row-major float32: itself where it is already, else a copy. */
    static INDArray rowMajorFloat(INDArray y) {
        return y.dataType() == DataType.FLOAT && y.ordering() == 'c' && y.elementWiseStride() == 1
                ? y : y.castTo(DataType.FLOAT).dup('c');
    }

    /** z = relu(z + b) for column-major z[rows, cols]. */
    private static void biasRelu(FloatBuffer z, FloatBuffer b, int rows, int cols, float[] scratch) {
        // On a heap copy: per-element get/put on the direct buffer, with a branch per value of random sign, made
        // this and reluGradient 40% of a resmlp trial's Java time; the copies are memcpy.
        int count = rows * cols;
        z.get(0, scratch, 0, count);
        for (int c = 0, k = 0; c < cols; c++) {
            float bias = b.get(c);
            for (int r = 0; r < rows; r++, k++) {
                int bits = Float.floatToRawIntBits(scratch[k] + bias);
                scratch[k] = Float.intBitsToFloat(bits & Relu.positive(bits));
            }
        }
        z.put(0, scratch, 0, count);
    }

    /** z = softmax(z + b) along each row of column-major z[rows, cols]. */
    static void biasSoftmax(FloatBuffer z, FloatBuffer b, int rows, int cols) {
        for (int c = 0; c < cols; c++) {
            float bias = b.get(c);
            for (int r = 0, k = c * rows; r < rows; r++, k++) {
                z.put(k, z.get(k) + bias);
            }
        }
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, z.get(c * rows + r));
            }
            float sum = 0f;
            for (int c = 0; c < cols; c++) {
                float e = (float) Math.exp(z.get(c * rows + r) - max);
                z.put(c * rows + r, e);
                sum += e;
            }
            for (int c = 0; c < cols; c++) {
                z.put(c * rows + r, z.get(c * rows + r) / sum);
            }
        }
    }

    /**
     * Mean cross-entropy -Σ y·log(max(p, 1e-30)) / B of column-major probabilities p against row-major one-hot y,
     * and its gradient with respect to the softmax input, dz = (p - y) / B, written column-major.
     */
    static double crossEntropyGradient(FloatBuffer p, FloatBuffer y, FloatBuffer dz, int rows, int cols) {
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            for (int r = 0, k = c * rows; r < rows; r++, k++) {
                float target = y.get(r * cols + c);
                float prob = p.get(k);
                if (target != 0f) {
                    sum += target * Math.log(Math.max(prob, 1e-30f));
                }
                dz.put(k, (prob - target) / rows);
            }
        }
        return -sum / rows;
    }

    /** dz = dOut where the ReLU's output is positive, else 0 (ND4J's ThresholdReluBp at 0). */
    private static void reluGradient(FloatBuffer out, FloatBuffer dOut, FloatBuffer dz, int count, float[] outs,
                                     float[] grads) {
        out.get(0, outs, 0, count);
        dOut.get(0, grads, 0, count);
        for (int k = 0; k < count; k++) {
            grads[k] = Float.intBitsToFloat(Float.floatToRawIntBits(grads[k])
                    & Relu.positive(Float.floatToRawIntBits(outs[k])));
        }
        dz.put(0, grads, 0, count);
    }

    /** db[c] = Σ_r dz[r, c] for column-major dz[rows, cols]. */
    static void columnSums(FloatBuffer dz, FloatBuffer db, int rows, int cols) {
        for (int c = 0, k = 0; c < cols; c++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++, k++) {
                sum += dz.get(k);
            }
            db.put(c, sum);
        }
    }
}
