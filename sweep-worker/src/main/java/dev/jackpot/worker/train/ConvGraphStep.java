package dev.jackpot.worker.train;

import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu_use_dst_for_bwd;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_global_stats;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scaleshift;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_scopy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sdot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sscal;

/**
 * One SGD step for the CIFAR ResNets (and any graph of the same vertices: bias-free convolutions, BatchNorm, ReLU,
 * identity additions, global average pooling and a softmax/cross-entropy classifier), computed by oneDNN
 * primitives created once per batch size, over activations that stay in oneDNN's blocked layout for the whole
 * step ({@link Dnnl} says why). The maths is the step {@link Trainer} takes through {@code ComputationGraph.fit},
 * as {@link DenseGraphStep} for dense nets: BatchNorm normalises with the batch's mean and biased variance and its
 * gradient runs through them; L2 on convolution and classifier weights and the classifier's bias, none on
 * BatchNorm's gamma and beta (DL4J's rule); the mask applied to the weight gradients; classic momentum; the mask
 * applied to the weights; BatchNorm's running mean and log10 standard deviation updated as DL4J updates them. A
 * test checks both paths end a few epochs with the same weights, running statistics and accuracy.
 *
 * <p>Parameters stay in the graph's flat vector, so evaluation, checkpoints and pruning see them as usual; each
 * step reorders the (small) convolution weights from it into oneDNN's layout and the weight gradients back.
 */
final class ConvGraphStep implements AutoCloseable, GradientPasses {
    private static final Logger LOG = LoggerFactory.getLogger(ConvGraphStep.class);
    private static final float ONE_ON_2LOGE_10 = (float) (1.0 / (2 * Math.log(10.0)));

    private enum Kind { CONV, BN, RELU, ADD, POOL, OUTPUT }

    /** A vertex and its parameter views; {@code inputs} index {@link #nodes}, -1 for the network input. */
    private static final class Node {
        final String name;
        final Kind kind;
        final int[] inputs;
        final int channels;
        final int height;
        final int width;
        int kernel;
        int stride;
        double eps;
        double decay;
        boolean logStd;
        INDArray weights;           // CONV [oc, ic, k, k] 'c'; OUTPUT [in, out] 'f'
        INDArray weightGradient;
        INDArray bias;              // OUTPUT
        INDArray biasGradient;
        INDArray scaleShift;        // BN: gamma then beta, contiguous in the flat vector
        INDArray scaleShiftGradient;
        INDArray runningMean;       // BN
        INDArray runningVariance;   // BN: log10(std) when logStd, else the variance
        // The same memory as CBLAS and the loops read it, taken once (OUTPUT, BN).
        FloatPointer weightsP;
        FloatPointer weightGradientP;
        FloatBuffer biasValues;
        FloatBuffer biasGradientValues;
        FloatBuffer runningMeanValues;
        FloatBuffer runningVarianceValues;

        Node(String name, Kind kind, int[] inputs, int channels, int height, int width) {
            this.name = name;
            this.kind = kind;
            this.inputs = inputs;
            this.channels = channels;
            this.height = height;
            this.width = width;
        }
    }

    private final Node[] nodes;
    private final int inChannels;
    private final int inHeight;
    private final int inWidth;
    private final double momentum;
    private final double weightDecay;
    private final NavigableMap<Integer, Double> lrByIteration;
    private final INDArray params;
    private final INDArray gradient;
    private final INDArray velocity;
    private final INDArray mask;
    private final FloatPointer paramsP;
    private final FloatPointer gradientP;
    private final FloatPointer velocityP;
    private final int size;
    /** A parameter L2 applies to and its gradient, as CBLAS reads them. */
    private record Regularised(FloatPointer param, FloatPointer gradient, int length) {}

    private final List<Regularised> regularised = new ArrayList<>();
    private final Dnnl dnnl;
    private final Map<Integer, Plan> plans = new HashMap<>();
    private Plan lastPlan;
    private final int evaluationChunk;

    /** Why a graph is left to DL4J's layers. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    /** The graph as this step computes it, and the shape of one input example. */
    private record Described(Node[] nodes, int channels, int height, int width) {}

    private ConvGraphStep(ComputationGraph graph, Described described, Mask pruning, TrainSettings settings,
                          NavigableMap<Integer, Double> lrByIteration, int block) {
        this.nodes = described.nodes();
        this.inChannels = described.channels();
        this.inHeight = described.height();
        this.inWidth = described.width();
        this.momentum = settings.momentum();
        this.weightDecay = settings.weightDecay();
        this.lrByIteration = lrByIteration;
        this.evaluationChunk = settings.batchSize();
        this.params = graph.params();
        this.gradient = Nd4j.zeros(params.dataType(), params.shape());
        this.velocity = Nd4j.zeros(params.dataType(), params.shape());
        this.mask = Nd4j.ones(params.dataType(), params.shape());
        this.size = Math.toIntExact(params.length());
        this.paramsP = DenseGraphStep.pointer(params);
        this.gradientP = DenseGraphStep.pointer(gradient);
        this.velocityP = DenseGraphStep.pointer(velocity);
        for (Node n : nodes) {
            if (n.kind == Kind.CONV || n.kind == Kind.OUTPUT) {
                n.weightGradient = sameLayout(gradient, n.weights);
                regularised.add(regularised(n.weights, n.weightGradient));
                if (pruning != null && pruning.layerNames().contains(n.name)) {
                    sameLayout(mask, n.weights).assign(pruning.layer(n.name));
                }
            }
            if (n.kind == Kind.OUTPUT) {
                n.biasGradient = sameLayout(gradient, n.bias);
                regularised.add(regularised(n.bias, n.biasGradient));
                n.weightsP = DenseGraphStep.pointer(n.weights);
                n.weightGradientP = DenseGraphStep.pointer(n.weightGradient);
                n.biasValues = DenseGraphStep.buffer(n.bias);
                n.biasGradientValues = DenseGraphStep.buffer(n.biasGradient);
            }
            if (n.kind == Kind.BN) {
                n.scaleShiftGradient = sameLayout(gradient, n.scaleShift);
                n.runningMeanValues = DenseGraphStep.buffer(n.runningMean);
                n.runningVarianceValues = DenseGraphStep.buffer(n.runningVariance);
            }
        }
        // Last: nothing above can then leave oneDNN's engine and stream behind (of() closes what it built).
        this.dnnl = new Dnnl(block);
    }

    private static Regularised regularised(INDArray param, INDArray gradient) {
        return new Regularised(DenseGraphStep.pointer(param), DenseGraphStep.pointer(gradient),
                Math.toIntExact(param.length()));
    }

    private INDArray sameLayout(INDArray flat, INDArray param) {
        return DenseGraphStep.sameLayout(flat, params, param);
    }

    /**
     * The oneDNN step for this network, or empty when its graph has anything else (dense layers, max pooling,
     * biases on convolutions, dropout, NHWC...) or oneDNN is not available or would run its slow reference code
     * here; the caller then trains through DL4J's layers.
     */
    static Optional<ConvGraphStep> of(Network network, Mask mask, TrainSettings settings,
                                      NavigableMap<Integer, Double> lrByIteration) {
        ComputationGraph graph = network.graph();
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1
                || graph.params().rank() != 2 || graph.params().rows() != 1
                || graph.params().dataType() != DataType.FLOAT || graph.params().elementWiseStride() != 1) {
            return Optional.empty();
        }
        Described described;
        try {
            described = describe(graph);
        } catch (Unsupported e) {
            LOG.debug("not the oneDNN step: {}", e.getMessage());
            return Optional.empty();
        }
        if (!Dnnl.available()) {
            return Optional.empty();
        }
        String why = "";
        for (int block : Dnnl.blocks()) {
            ConvGraphStep step = null;
            try {
                step = new ConvGraphStep(graph, described, mask, settings, lrByIteration, block);
                step.plan(settings.batchSize());   // fails here, not mid-run, if oneDNN cannot serve these shapes well
                return Optional.of(step);
            } catch (RuntimeException e) {
                LOG.debug("oneDNN step with {}-channel blocks not used: {}", block, e.getMessage());
                why = e.getMessage();
                if (step != null) {
                    step.close();
                }
            }
        }
        LOG.warn("oneDNN step not used, training through DL4J's layers: {}", why);
        return Optional.empty();
    }

    /**
     * The graph as nodes in topological order, or null when a vertex is not one this step computes. The network
     * takes flat rows; the convolutions it feeds reshape them to [n, c, h, w] (DL4J's FeedForwardToCnn
     * preprocessor), which gives the example's shape.
     */
    private static Described describe(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        String inputName = conf.getNetworkInputs().get(0);
        int[] shape = null;
        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (int v : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[v].getVertexName();
            if (name.equals(inputName)) {
                continue;
            }
            GraphVertex vertex = conf.getVertices().get(name);
            List<String> inputNames = conf.getVertexInputs().get(name);
            int[] inputs = inputNames.stream().mapToInt(in -> index.getOrDefault(in, -1)).toArray();
            int c;
            int h;
            int w;
            if (inputs.length >= 1 && inputs[0] >= 0) {
                Node from = nodes.get(inputs[0]);
                c = from.channels;
                h = from.height;
                w = from.width;
            } else if (vertex instanceof LayerVertex lv && lv.getPreProcessor() instanceof FeedForwardToCnnPreProcessor pp) {
                int[] s = {(int) pp.getNumChannels(), (int) pp.getInputHeight(), (int) pp.getInputWidth()};
                if (shape != null && !Arrays.equals(shape, s)) {
                    throw new Unsupported("inputs of different shapes");
                }
                shape = s;
                c = s[0];
                h = s[1];
                w = s[2];
            } else {
                throw new Unsupported(name + ": fed by the network input without a reshape to images");
            }
            Node node;
            if (vertex instanceof ElementWiseVertex add) {
                if (add.getOp() != ElementWiseVertex.Op.Add || inputs.length != 2 || inputs[0] < 0 || inputs[1] < 0) {
                    throw new Unsupported(name + ": not a plain addition of two vertices");
                }
                Node a = nodes.get(inputs[0]);
                Node b = nodes.get(inputs[1]);
                if (a.channels != b.channels || a.height != b.height || a.width != b.width || a.kind == Kind.POOL) {
                    throw new Unsupported(name + ": adds different shapes");
                }
                node = new Node(name, Kind.ADD, inputs, c, h, w);
            } else if (vertex instanceof LayerVertex lv && inputs.length == 1) {
                boolean fromInput = inputs[0] < 0;
                if (lv.getPreProcessor() != null && !(fromInput && lv.getPreProcessor() instanceof FeedForwardToCnnPreProcessor)) {
                    throw new Unsupported(name + ": preprocessor " + lv.getPreProcessor());
                }
                if (!fromInput && nodes.get(inputs[0]).kind == Kind.POOL
                        && !(lv.getLayerConf().getLayer() instanceof OutputLayer)) {
                    throw new Unsupported(name + ": pooled features go to more than the classifier");
                }
                node = layerNode(graph, name, lv.getLayerConf().getLayer(), inputs, c, h, w, fromInput);
                if (node == null) {
                    throw new Unsupported(name + ": unsupported layer " + lv.getLayerConf().getLayer().getClass().getSimpleName());
                }
            } else {
                throw new Unsupported(name + ": unsupported vertex " + vertex.getClass().getSimpleName());
            }
            index.put(name, nodes.size());
            nodes.add(node);
        }
        // The classifier must be last, fed by the pooling; pooling only feeds it; the network input only a conv.
        int last = nodes.size() - 1;
        if (last < 1 || nodes.get(last).kind != Kind.OUTPUT || !conf.getNetworkOutputs().get(0).equals(nodes.get(last).name)
                || nodes.get(nodes.get(last).inputs[0]).kind != Kind.POOL) {
            throw new Unsupported("the classifier is not a softmax layer on global average pooling");
        }
        for (Node n : nodes) {
            for (int in : n.inputs) {
                if (in < 0 && n.kind != Kind.CONV) {
                    throw new Unsupported(n.name + ": takes the network input but is not a convolution");
                }
            }
        }
        if (shape == null) {
            throw new Unsupported("no convolution takes the network input");
        }
        return new Described(nodes.toArray(new Node[0]), shape[0], shape[1], shape[2]);
    }

    private static Node layerNode(ComputationGraph graph, String name, Layer layer, int[] inputs, int c, int h, int w,
                                  boolean fromInput) {
        org.deeplearning4j.nn.api.Layer impl = graph.getLayer(name);
        if (layer.getIDropout() != null) {
            throw new Unsupported(name + ": dropout");
        }
        if (layer instanceof ConvolutionLayer conv && !(layer instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer)
                && conv.getClass() == ConvolutionLayer.class) {
            int[] k = conv.getKernelSize();
            int[] s = conv.getStride();
            int[] p = conv.getPadding();
            int[] d = conv.getDilation();
            INDArray weights = impl.getParam("W");
            boolean plain = !conv.hasBias() && conv.getActivationFn() instanceof ActivationIdentity
                    && k[0] == k[1] && s[0] == s[1] && p[0] == k[0] / 2 && p[1] == k[1] / 2 && d[0] == 1 && d[1] == 1
                    && conv.getConvolutionMode() == ConvolutionMode.Truncate
                    && conv.getCnn2dDataFormat() == CNN2DFormat.NCHW && conv.getNIn() == c
                    && weights.ordering() == 'c' && weights.elementWiseStride() == 1;
            if (!plain || (fromInput && inputs.length != 1)) {
                throw new Unsupported(name + ": a convolution with bias, activation, dilation, uneven kernel, NHWC or padding other than k/2");
            }
            int out = (int) conv.getNOut();
            Node n = new Node(name, Kind.CONV, inputs, out, (h + 2 * p[0] - k[0]) / s[0] + 1,
                    (w + 2 * p[1] - k[1]) / s[1] + 1);
            n.kernel = k[0];
            n.stride = s[0];
            n.weights = weights;
            return n;
        }
        if (fromInput) {
            throw new Unsupported(name + ": takes the network input but is not a convolution");
        }
        if (layer instanceof BatchNormalization bn) {
            INDArray gamma = impl.getParam(BatchNormalizationParamInitializer.GAMMA);
            INDArray beta = impl.getParam(BatchNormalizationParamInitializer.BETA);
            boolean plain = !bn.isLockGammaBeta() && bn.getActivationFn() instanceof ActivationIdentity
                    && bn.getCnn2DFormat() == CNN2DFormat.NCHW && gamma != null && beta != null
                    && gamma.length() == c && beta.offset() == gamma.offset() + c;
            if (!plain) {
                throw new Unsupported(name + ": BatchNorm with locked gamma/beta, an activation or NHWC");
            }
            Node n = new Node(name, Kind.BN, inputs, c, h, w);
            n.eps = bn.getEps();
            n.decay = bn.getDecay();
            n.logStd = bn.isUseLogStd();
            n.scaleShift = graph.params().get(NDArrayIndex.point(0),
                    NDArrayIndex.interval(gamma.offset() - graph.params().offset(),
                            gamma.offset() - graph.params().offset() + 2L * c)).reshape('c', 2, c);
            n.runningMean = impl.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            n.runningVariance = impl.getParam(n.logStd ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                    : BatchNormalizationParamInitializer.GLOBAL_VAR);
            return n;
        }
        if (layer instanceof ActivationLayer act) {
            return act.getActivationFn() instanceof ActivationReLU ? new Node(name, Kind.RELU, inputs, c, h, w) : null;
        }
        if (layer instanceof GlobalPoolingLayer pool) {
            boolean plain = pool.getPoolingType() == PoolingType.AVG && pool.isCollapseDimensions()
                    && (pool.getPoolingDimensions() == null || Arrays.equals(pool.getPoolingDimensions(), new int[] {2, 3}));
            return plain ? new Node(name, Kind.POOL, inputs, c, 1, 1) : null;
        }
        if (layer instanceof OutputLayer out) {
            boolean plain = out.getActivationFn() instanceof ActivationSoftmax && out.getLossFn() instanceof LossMCXENT
                    && ((LossMCXENT) out.getLossFn()).getWeights() == null && out.hasBias();
            INDArray weights = impl.getParam("W");
            INDArray bias = impl.getParam("b");
            if (!plain || weights.ordering() != 'f' || weights.stride(0) != 1 || weights.stride(1) != weights.size(0)
                    || weights.size(0) != c || bias.elementWiseStride() != 1) {
                throw new Unsupported(name + ": a classifier other than softmax with plain cross-entropy");
            }
            Node n = new Node(name, Kind.OUTPUT, inputs, (int) weights.size(1), 1, 1);
            n.weights = weights;
            n.bias = bias;
            return n;
        }
        throw new Unsupported(name + ": unsupported layer " + layer.getClass().getSimpleName());
    }

    /** A float buffer oneDNN and the loops below both address, zeroed, kept alive by the plan. */
    private static final class Buffer {
        final INDArray array;
        final FloatPointer pointer;
        final FloatBuffer values;     // the same memory, for the loops (absolute get/put from 0)
        final dnnl_memory memory;

        Buffer(Dnnl dnnl, dnnl_memory_desc_t md) {
            this(dnnl, md, Math.toIntExact(dnnl_memory_desc_get_size(md) / Float.BYTES));
        }

        Buffer(Dnnl dnnl, dnnl_memory_desc_t md, int floats) {
            this.array = Nd4j.create(DataType.FLOAT, Math.max(1, floats));
            this.pointer = DenseGraphStep.pointer(array);
            this.values = pointer.asBuffer();
            this.memory = md == null ? null : dnnl.memory(md, pointer);
        }
    }

    /** Everything bound for one batch size: buffers and the primitives that read and write them. */
    private final class Plan {
        final int batch;
        final Buffer[] out;
        final Buffer[] dOut;
        final Buffer[] scratch;           // a second input gradient, added into dOut (blocked nodes only)
        final Buffer[] mean;
        final Buffer[] variance;
        final Dnnl.Call[] forward;        // CONV, BN, RELU
        final Dnnl.Call[] inference;      // BN with the running statistics (evaluation)
        final Buffer[] runningVariance;   // BN: the variance inference normalises with, from log10(std)
        final Dnnl.Call[] toForwardWeights;
        final Dnnl.Call[] toBackwardWeights;
        final Dnnl.Call[] backwardData;   // CONV, BN, RELU: writes into the input's dOut or scratch
        final Dnnl.Call[] backwardWeights;
        final Dnnl.Call[] fromWeightGradient;
        final boolean[][] adds;           // [node][input slot]: a gradient already there, so add to it
        final boolean[] viaScratch;       // oneDNN writes the node's input gradient to scratch, then it is added
        final dnnl_memory input;          // the network input, NCHW over the minibatch's own memory
        Dnnl.Call inputToBlocked;         // a blocked copy of the input for the first convolution's weight
                                          // gradient, where oneDNN has no fast code from NCHW; else null
        final int[] paddedSize;           // floats in a node's blocked buffer
        // Every buffer oneDNN memory objects point into: ND4J frees an array's memory once the array is
        // unreachable, and a memory object does not keep it reachable.
        private final List<Buffer> owned = new ArrayList<>();

        private Buffer buffer(dnnl_memory_desc_t md) {
            Buffer b = new Buffer(dnnl, md);
            owned.add(b);
            return b;
        }

        Plan(int batch) {
            this.batch = batch;
            int n = nodes.length;
            out = new Buffer[n];
            dOut = new Buffer[n];
            scratch = new Buffer[n];
            mean = new Buffer[n];
            variance = new Buffer[n];
            forward = new Dnnl.Call[n];
            inference = new Dnnl.Call[n];
            runningVariance = new Buffer[n];
            toForwardWeights = new Dnnl.Call[n];
            toBackwardWeights = new Dnnl.Call[n];
            backwardData = new Dnnl.Call[n];
            backwardWeights = new Dnnl.Call[n];
            fromWeightGradient = new Dnnl.Call[n];
            adds = new boolean[n][];
            viaScratch = new boolean[n];
            paddedSize = new int[n];
            dnnl_memory_desc_t[] md = new dnnl_memory_desc_t[n];
            for (int i = 0; i < n; i++) {
                Node node = nodes[i];
                if (node.kind == Kind.POOL || node.kind == Kind.OUTPUT) {
                    out[i] = new Buffer(dnnl, null, batch * node.channels);
                    dOut[i] = new Buffer(dnnl, null, batch * node.channels);
                    continue;
                }
                md[i] = Dnnl.md(dnnl.blockedTag, batch, node.channels, node.height, node.width);
                int from = node.inputs[0];
                if (node.kind == Kind.RELU && nodes[from].kind == Kind.BN && consumers(from) == 1) {
                    // In place: BatchNorm's backward needs its input, not its output, so a ReLU that is the only
                    // reader of that output can overwrite it, and turn its gradient into BatchNorm's in place.
                    out[i] = out[from];
                    dOut[i] = dOut[from];
                } else {
                    out[i] = new Buffer(dnnl, md[i]);
                    dOut[i] = new Buffer(dnnl, md[i]);
                }
                paddedSize[i] = Math.toIntExact(out[i].array.length());
            }
            // The backward pass visits nodes in reverse; the first to reach an input writes its gradient, later
            // ones add theirs (the input of a residual block feeds conv1 and the shortcut).
            boolean[] written = new boolean[n];
            for (int i = n - 1; i >= 0; i--) {
                int[] inputs = nodes[i].inputs;
                adds[i] = new boolean[inputs.length];
                for (int k = 0; k < inputs.length; k++) {
                    int in = inputs[k];
                    if (in < 0) {
                        continue;
                    }
                    adds[i][k] = written[in];
                    written[in] = true;
                    Kind kind = nodes[i].kind;
                    if (adds[i][k] && (kind == Kind.CONV || kind == Kind.BN || kind == Kind.RELU)) {
                        viaScratch[i] = true;
                        if (scratch[in] == null) {
                            scratch[in] = new Buffer(dnnl, md[in]);
                        }
                    }
                }
            }
            dnnl_memory_desc_t inputMd = Dnnl.md(dnnl_nchw, batch, inChannels, inHeight, inWidth);
            input = dnnl.memory(inputMd, null);
            List<String> slow = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Node node = nodes[i];
                int from = node.inputs[0];
                dnnl_memory target = from >= 0 && md[from] != null ? (viaScratch[i] ? scratch[from] : dOut[from]).memory : null;
                switch (node.kind) {
                    case CONV -> bindConv(i, from < 0 ? inputMd : md[from], from < 0 ? input : out[from].memory,
                            md[i], target, slow);
                    case BN -> {
                        Node bn = node;
                        dnnl_batch_normalization_desc_t fd = new dnnl_batch_normalization_desc_t();
                        Dnnl.check(dnnl_batch_normalization_forward_desc_init(fd, dnnl_forward_training, md[i],
                                (float) bn.eps, dnnl_use_scaleshift), "batchnorm " + bn.name);
                        dnnl_primitive_desc fpd = dnnl.descriptor(fd, null, "batchnorm " + bn.name);
                        dnnl_batch_normalization_desc_t bd = new dnnl_batch_normalization_desc_t();
                        Dnnl.check(dnnl_batch_normalization_backward_desc_init(bd, dnnl_backward, md[i], md[i],
                                (float) bn.eps, dnnl_use_scaleshift), "batchnorm backward " + bn.name);
                        dnnl_primitive_desc bpd = dnnl.descriptor(bd, fpd, "batchnorm backward " + bn.name);
                        dnnl_memory_desc_t statsMd = Dnnl.md(dnnl_x, node.channels);
                        dnnl_memory_desc_t scaleShiftMd = Dnnl.md(dnnl_nc, 2, node.channels);
                        mean[i] = new Buffer(dnnl, statsMd);
                        variance[i] = new Buffer(dnnl, statsMd);
                        dnnl_memory scaleShift = dnnl.memory(scaleShiftMd, DenseGraphStep.pointer(bn.scaleShift));
                        dnnl_memory scaleShiftGradient = dnnl.memory(scaleShiftMd,
                                DenseGraphStep.pointer(bn.scaleShiftGradient));
                        forward[i] = dnnl.call(fpd, DNNL_ARG_SRC, out[from].memory, DNNL_ARG_DST, out[i].memory,
                                DNNL_ARG_SCALE_SHIFT, scaleShift, DNNL_ARG_MEAN, mean[i].memory,
                                DNNL_ARG_VARIANCE, variance[i].memory);
                        dnnl_batch_normalization_desc_t id = new dnnl_batch_normalization_desc_t();
                        Dnnl.check(dnnl_batch_normalization_forward_desc_init(id, dnnl_forward_inference, md[i],
                                (float) bn.eps, dnnl_use_scaleshift | dnnl_use_global_stats), "batchnorm inference " + bn.name);
                        dnnl_primitive_desc ipd = dnnl.descriptor(id, null, "batchnorm inference " + bn.name);
                        runningVariance[i] = new Buffer(dnnl, statsMd);
                        inference[i] = dnnl.call(ipd, DNNL_ARG_SRC, out[from].memory, DNNL_ARG_DST, out[i].memory,
                                DNNL_ARG_SCALE_SHIFT, scaleShift, DNNL_ARG_MEAN,
                                dnnl.memory(statsMd, DenseGraphStep.pointer(bn.runningMean)),
                                DNNL_ARG_VARIANCE, runningVariance[i].memory);
                        note(slow, "batchnorm inference " + bn.name, ipd);
                        backwardData[i] = dnnl.call(bpd, DNNL_ARG_SRC, out[from].memory, DNNL_ARG_MEAN,
                                mean[i].memory, DNNL_ARG_VARIANCE, variance[i].memory, DNNL_ARG_DIFF_DST,
                                dOut[i].memory, DNNL_ARG_SCALE_SHIFT, scaleShift, DNNL_ARG_DIFF_SRC, target,
                                DNNL_ARG_DIFF_SCALE_SHIFT, scaleShiftGradient);
                        note(slow, "batchnorm " + bn.name, fpd, bpd);
                    }
                    case RELU -> {
                        dnnl_eltwise_desc_t fd = new dnnl_eltwise_desc_t();
                        Dnnl.check(dnnl_eltwise_forward_desc_init(fd, dnnl_forward_training,
                                dnnl_eltwise_relu_use_dst_for_bwd, md[i], 0f, 0f), "relu " + node.name);
                        dnnl_primitive_desc fpd = dnnl.descriptor(fd, null, "relu " + node.name);
                        dnnl_eltwise_desc_t bd = new dnnl_eltwise_desc_t();
                        Dnnl.check(dnnl_eltwise_backward_desc_init(bd, dnnl_eltwise_relu_use_dst_for_bwd, md[i], md[i],
                                0f, 0f), "relu backward " + node.name);
                        dnnl_primitive_desc bpd = dnnl.descriptor(bd, fpd, "relu backward " + node.name);
                        forward[i] = dnnl.call(fpd, DNNL_ARG_SRC, out[from].memory, DNNL_ARG_DST, out[i].memory);
                        backwardData[i] = dnnl.call(bpd, DNNL_ARG_DST, out[i].memory, DNNL_ARG_DIFF_DST,
                                dOut[i].memory, DNNL_ARG_DIFF_SRC, target);
                        note(slow, "relu " + node.name, fpd, bpd);
                    }
                    default -> { }
                }
            }
            if (!slow.isEmpty()) {
                throw new IllegalStateException("oneDNN has only its reference code for " + slow);
            }
        }

        private void bindConv(int i, dnnl_memory_desc_t srcMd, dnnl_memory src, dnnl_memory_desc_t dstMd,
                              dnnl_memory diffSrc, List<String> slow) {
            Node node = nodes[i];
            int ic = node.inputs[0] < 0 ? inChannels : nodes[node.inputs[0]].channels;
            long[] strides = {node.stride, node.stride};
            long[] padding = {node.kernel / 2, node.kernel / 2};
            dnnl_memory_desc_t anyWeights = Dnnl.md(dnnl_format_tag_any, node.channels, ic, node.kernel, node.kernel);
            dnnl_memory_desc_t plainWeights = Dnnl.md(dnnl_oihw, node.channels, ic, node.kernel, node.kernel);

            dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct, srcMd,
                    anyWeights, null, dstMd, strides, padding, padding), "conv " + node.name);
            dnnl_primitive_desc fpd = dnnl.descriptor(fd, null, "conv " + node.name);
            dnnl_memory_desc_t forwardWeightsMd = dnnl_primitive_desc_query_md(fpd, dnnl_query_weights_md, 0);
            Buffer forwardWeights = buffer(forwardWeightsMd);
            dnnl_memory weights = dnnl.memory(plainWeights, DenseGraphStep.pointer(node.weights));
            toForwardWeights[i] = dnnl.reorder(plainWeights, weights, forwardWeightsMd, forwardWeights.memory);
            forward[i] = dnnl.call(fpd, DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, forwardWeights.memory, DNNL_ARG_DST,
                    out[i].memory);
            note(slow, "conv " + node.name, fpd);

            if (diffSrc != null) {
                dnnl_convolution_desc_t dd = new dnnl_convolution_desc_t();
                Dnnl.check(dnnl_convolution_backward_data_desc_init(dd, dnnl_convolution_direct, srcMd, anyWeights,
                        dstMd, strides, padding, padding), "conv backward data " + node.name);
                dnnl_primitive_desc dpd = dnnl.descriptor(dd, fpd, "conv backward data " + node.name);
                dnnl_memory_desc_t backwardWeightsMd = dnnl_primitive_desc_query_md(dpd, dnnl_query_weights_md, 0);
                Buffer backwardWeights = buffer(backwardWeightsMd);
                toBackwardWeights[i] = dnnl.reorder(plainWeights, weights, backwardWeightsMd, backwardWeights.memory);
                backwardData[i] = dnnl.call(dpd, DNNL_ARG_DIFF_DST, dOut[i].memory, DNNL_ARG_WEIGHTS,
                        backwardWeights.memory, DNNL_ARG_DIFF_SRC, diffSrc);
                note(slow, "conv backward data " + node.name, dpd);
            }

            // The first convolution reads the input as NCHW. Its weight gradient has jit code from NCHW on AVX-512
            // CPUs but only reference code on AVX2 ones, where it reads a blocked copy of the input instead.
            dnnl_primitive_desc wpd = weightGradientDescriptor(node, srcMd, anyWeights, dstMd, strides, padding, fpd);
            if (node.inputs[0] < 0 && Dnnl.implementation(wpd).startsWith("ref")) {
                dnnl_memory_desc_t blockedMd = Dnnl.md(dnnl.blockedTag, batch, inChannels, inHeight, inWidth);
                Buffer blocked = buffer(blockedMd);
                inputToBlocked = dnnl.reorder(srcMd, src, blockedMd, blocked.memory);
                dnnl_convolution_desc_t hd = new dnnl_convolution_desc_t();
                Dnnl.check(dnnl_convolution_forward_desc_init(hd, dnnl_forward_training, dnnl_convolution_direct,
                        blockedMd, anyWeights, null, dstMd, strides, padding, padding), "conv hint " + node.name);
                dnnl_primitive_desc hint = dnnl.descriptor(hd, null, "conv hint " + node.name);
                wpd = weightGradientDescriptor(node, blockedMd, anyWeights, dstMd, strides, padding, hint);
                src = blocked.memory;
            }
            dnnl_memory_desc_t weightGradientMd = dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_weights_md, 0);
            Buffer weightGradient = buffer(weightGradientMd);
            backwardWeights[i] = dnnl.call(wpd, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, dOut[i].memory,
                    DNNL_ARG_DIFF_WEIGHTS, weightGradient.memory);
            dnnl_memory plainGradient = dnnl.memory(plainWeights, DenseGraphStep.pointer(node.weightGradient));
            fromWeightGradient[i] = dnnl.reorder(weightGradientMd, weightGradient.memory, plainWeights, plainGradient);
            note(slow, "conv backward weights " + node.name, wpd);
        }

        private dnnl_primitive_desc weightGradientDescriptor(Node node, dnnl_memory_desc_t srcMd,
                                                             dnnl_memory_desc_t anyWeights, dnnl_memory_desc_t dstMd,
                                                             long[] strides, long[] padding, dnnl_primitive_desc hint) {
            dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, srcMd, anyWeights,
                    null, dstMd, strides, padding, padding), "conv backward weights " + node.name);
            return dnnl.descriptor(wd, hint, "conv backward weights " + node.name);
        }

        private void note(List<String> slow, String what, dnnl_primitive_desc... pds) {
            for (dnnl_primitive_desc pd : pds) {
                String impl = Dnnl.implementation(pd);
                if (impl.startsWith("ref")) {
                    slow.add(what + " (" + impl + ")");
                }
            }
        }
    }

    /** How many (vertex, input) pairs read node {@code j}'s output. */
    private int consumers(int j) {
        int count = 0;
        for (Node n : nodes) {
            for (int in : n.inputs) {
                if (in == j) {
                    count++;
                }
            }
        }
        return count;
    }

    private Plan plan(int batch) {
        return plans.computeIfAbsent(batch, Plan::new);
    }

    /** One SGD step on {@code features} (rows of C·H·W values) and one-hot {@code labels}; returns the objective. */
    double step(INDArray features, INDArray labels, int iteration) {
        double loss = forwardBackward(features, labels);
        return loss + update(iteration);
    }

    /**
     * The gradient of the minibatch's mean cross-entropy (no L2 term) with respect to every trainable parameter,
     * in the layout of the graph's flat parameter vector, zero at BatchNorm's running statistics (they are not
     * parameters of the loss); valid until the next call. Unmasked.
     */
    @Override
    public INDArray gradient() {
        return gradient;
    }

    /** The flat 0/1 mask the step applies (1 for everything the pruning mask does not cover). */
    @Override
    public INDArray mask() {
        return mask;
    }

    /**
     * Forward and backward passes in training mode (BatchNorm normalising with the batch's statistics), filling
     * {@link #gradient()}; the parameters and running statistics are left as they are. Returns the mean
     * cross-entropy.
     */
    @Override
    public double forwardBackward(INDArray features, INDArray labels) {
        int batch = (int) features.rows();
        Plan plan = plan(batch);
        INDArray x = rowMajor(features);
        INDArray y = rowMajor(labels);
        forward(plan, x, true);
        int last = nodes.length - 1;
        double loss = DenseGraphStep.crossEntropyGradient(plan.out[last].values, DenseGraphStep.buffer(y),
                plan.dOut[last].values, batch, nodes[last].channels);

        for (int i = last; i >= 0; i--) {
            Node n = nodes[i];
            int from = n.inputs[0];
            switch (n.kind) {
                case OUTPUT -> {
                    int fanIn = nodes[from].channels;
                    FloatPointer dz = plan.dOut[i].pointer;
                    cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, fanIn, n.channels, batch, 1f,
                            plan.out[from].pointer, batch, dz, batch, 0f, n.weightGradientP, fanIn);
                    DenseGraphStep.columnSums(plan.dOut[i].values, n.biasGradientValues, batch, n.channels);
                    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, batch, fanIn, n.channels, 1f, dz, batch,
                            n.weightsP, fanIn, plan.adds[i][0] ? 1f : 0f,
                            plan.dOut[from].pointer, batch);
                }
                case POOL -> averagePoolBackward(plan, i);
                case ADD -> {
                    for (int k = 0; k < 2; k++) {
                        int in = n.inputs[k];
                        if (plan.adds[i][k]) {
                            cblas_saxpy(plan.paddedSize[i], 1f, plan.dOut[i].pointer, 1, plan.dOut[in].pointer, 1);
                        } else {
                            cblas_scopy(plan.paddedSize[i], plan.dOut[i].pointer, 1, plan.dOut[in].pointer, 1);
                        }
                    }
                }
                case CONV, BN, RELU -> {
                    if (n.kind == Kind.CONV) {
                        plan.backwardWeights[i].run();
                        plan.fromWeightGradient[i].run();
                    }
                    if (plan.backwardData[i] != null) {
                        plan.backwardData[i].run();
                        if (plan.viaScratch[i]) {
                            cblas_saxpy(plan.paddedSize[from], 1f, plan.scratch[from].pointer, 1,
                                    plan.dOut[from].pointer, 1);
                        }
                    }
                }
            }
        }

        lastPlan = plan;
        Reference.reachabilityFence(x);
        Reference.reachabilityFence(y);
        return loss;
    }

    private static INDArray rowMajor(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
    }

    /**
     * {test loss, test accuracy} as {@link Trainer#evaluate} computes them (mean cross-entropy of the true class,
     * probabilities clamped at 1e-12; the first largest probability is the prediction), with BatchNorm
     * normalising by its running statistics, in chunks of the training batch size.
     */
    double[] evaluate(INDArray features, INDArray labels) {
        long n = features.rows();
        int chunk = evaluationChunk;
        TestScore score = new TestScore();
        int last = nodes.length - 1;
        for (long from = 0; from < n; from += chunk) {
            long to = Math.min(n, from + chunk);
            int rows = (int) (to - from);
            Plan plan = plan(rows);
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i].kind == Kind.BN) {
                    runningVariance(nodes[i], plan.runningVariance[i].values);
                }
            }
            INDArray x = rowMajor(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
            forward(plan, x, false);
            score.add(plan.out[last].values, labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
            Reference.reachabilityFence(x);
        }
        return score.lossAndAccuracy();
    }

    /** The variance BatchNorm's inference normalises with: DL4J's stored one, or (10^log10std)². */
    private static void runningVariance(Node bn, FloatBuffer into) {
        FloatBuffer stored = bn.runningVarianceValues;
        for (int c = 0; c < bn.channels; c++) {
            float v = stored.get(c);
            if (bn.logStd) {
                float std = (float) Math.pow(10.0, v);
                v = std * std;
            }
            into.put(c, v);
        }
    }

    /** The forward pass into the plan's activations; BatchNorm in training mode or with its running statistics. */
    private void forward(Plan plan, INDArray x, boolean training) {
        int batch = plan.batch;
        Dnnl.point(plan.input, DenseGraphStep.pointer(x));
        for (int i = 0; i < nodes.length; i++) {
            Node n = nodes[i];
            switch (n.kind) {
                case CONV -> {
                    plan.toForwardWeights[i].run();
                    // The backward pass's weight layout and the blocked input copy serve training only.
                    if (training && plan.toBackwardWeights[i] != null) {
                        plan.toBackwardWeights[i].run();
                    }
                    if (training && plan.inputToBlocked != null && n.inputs[0] < 0) {
                        plan.inputToBlocked.run();
                    }
                    plan.forward[i].run();
                }
                case BN -> (training ? plan.forward[i] : plan.inference[i]).run();
                case RELU -> plan.forward[i].run();
                case ADD -> {
                    cblas_scopy(plan.paddedSize[i], plan.out[n.inputs[0]].pointer, 1, plan.out[i].pointer, 1);
                    cblas_saxpy(plan.paddedSize[i], 1f, plan.out[n.inputs[1]].pointer, 1, plan.out[i].pointer, 1);
                }
                case POOL -> averagePool(plan, i);
                case OUTPUT -> {
                    int from = n.inputs[0];
                    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, batch, n.channels, nodes[from].channels, 1f,
                            plan.out[from].pointer, batch, n.weightsP, nodes[from].channels, 0f,
                            plan.out[i].pointer, batch);
                    DenseGraphStep.biasSoftmax(plan.out[i].values, n.biasValues, batch, n.channels);
                }
            }
        }
        Reference.reachabilityFence(x);
    }

    /**
     * The SGD update from {@link #gradient()}, over the whole flat vector as DenseGraphStep's, with L2 only where
     * DL4J applies it; then BatchNorm's running statistics from the last pass. Returns the L2 penalty.
     */
    private double update(int iteration) {
        Plan plan = lastPlan;
        double lr = lrByIteration.floorEntry(iteration).getValue();
        double penalty = 0;
        if (weightDecay != 0) {
            for (Regularised r : regularised) {
                penalty += 0.5 * weightDecay * cblas_sdot(r.length(), r.param(), 1, r.param(), 1);
                cblas_saxpy(r.length(), (float) weightDecay, r.param(), 1, r.gradient(), 1);
            }
        }
        gradient.muli(mask);
        cblas_sscal(size, (float) momentum, velocityP, 1);
        cblas_saxpy(size, 1f, gradientP, 1, velocityP, 1);
        cblas_saxpy(size, (float) -lr, velocityP, 1, paramsP, 1);
        params.muli(mask);
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].kind == Kind.BN) {
                updateRunningStatistics(nodes[i], plan.mean[i].values, plan.variance[i].values);
            }
        }
        return penalty;
    }

    /**
     * DL4J's running averages (layers.normalization.BatchNormalization.backpropGradient): mean -= (1 - d)(mean -
     * batchMean); with log10(std) stored, v = 10^(2 s), v' = d v + (1 - d) batchVar, s -= log(v / v') / (2 ln 10);
     * else var -= (1 - d)(var - batchVar). Float arithmetic in DL4J's order.
     */
    private static void updateRunningStatistics(Node bn, FloatBuffer batchMean, FloatBuffer batchVar) {
        FloatBuffer mean = bn.runningMeanValues;
        FloatBuffer var = bn.runningVarianceValues;
        float keep = (float) bn.decay;
        float take = (float) (1 - bn.decay);
        for (int c = 0; c < bn.channels; c++) {
            mean.put(c, mean.get(c) - (mean.get(c) - batchMean.get(c)) * take);
            if (bn.logStd) {
                float std = (float) Math.pow(10.0, var.get(c));
                float v = std * std;
                float next = v * keep + batchVar.get(c) * take;
                var.put(c, var.get(c) - (float) Math.log(v / next) * ONE_ON_2LOGE_10);
            } else {
                var.put(c, var.get(c) - (var.get(c) - batchVar.get(c)) * take);
            }
        }
    }

    /** out[n, c] (column-major) = mean over h, w of the blocked input. */
    private void averagePool(Plan plan, int i) {
        Node node = nodes[i];
        int from = node.inputs[0];
        Node src = nodes[from];
        int block = dnnl.block;
        int hw = src.height * src.width;
        int blocks = (src.channels + block - 1) / block;
        int perExample = blocks * hw * block;
        float[] xs = new float[perExample];
        float[] sums = new float[blocks * block];
        FloatPointer in = plan.out[from].pointer;
        FloatBuffer out = plan.out[i].values;
        int batch = plan.batch;
        long start = in.position();
        try {
            for (int n = 0; n < batch; n++) {
                in.position(start + (long) n * perExample).get(xs, 0, perExample);
                Arrays.fill(sums, 0f);
                for (int b = 0, k = 0; b < blocks; b++) {
                    for (int p = 0; p < hw; p++) {
                        for (int lane = 0; lane < block; lane++, k++) {
                            sums[b * block + lane] += xs[k];
                        }
                    }
                }
                for (int c = 0; c < src.channels; c++) {
                    out.put(c * batch + n, sums[c] / hw);
                }
            }
        } finally {
            in.position(start);
        }
    }

    /** dIn[n, c, h, w] = dOut[n, c] / (H W), zero in the padding channels; written or added (see Plan). */
    private void averagePoolBackward(Plan plan, int i) {
        Node node = nodes[i];
        int from = node.inputs[0];
        Node src = nodes[from];
        int block = dnnl.block;
        int hw = src.height * src.width;
        int blocks = (src.channels + block - 1) / block;
        int perExample = blocks * hw * block;
        float[] g = new float[perExample];
        float[] share = new float[blocks * block];
        float[] old = plan.adds[i][0] ? new float[perExample] : null;
        FloatBuffer dOut = plan.dOut[i].values;
        FloatPointer dIn = plan.dOut[from].pointer;
        int batch = plan.batch;
        long start = dIn.position();
        try {
            for (int n = 0; n < batch; n++) {
                for (int c = 0; c < src.channels; c++) {
                    share[c] = dOut.get(c * batch + n) / hw;
                }
                for (int b = 0, k = 0; b < blocks; b++) {
                    for (int p = 0; p < hw; p++) {
                        for (int lane = 0; lane < block; lane++, k++) {
                            g[k] = share[b * block + lane];
                        }
                    }
                }
                if (old != null) {
                    dIn.position(start + (long) n * perExample).get(old, 0, perExample);
                    for (int k = 0; k < perExample; k++) {
                        g[k] += old[k];
                    }
                }
                dIn.position(start + (long) n * perExample).put(g, 0, perExample);
            }
        } finally {
            dIn.position(start);
        }
    }

    @Override
    public void close() {
        dnnl.close();
        plans.clear();
    }
}
