package dev.jackpot.worker.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;

/**
 * DL4J's oneDNN BatchNorm helper ({@link MKLDNNBatchNormHelper}, 1.0.0-M2, Apache 2.0) with two changes for NCHW
 * float input in training. (1) The batch mean and (biased) variance are computed by two plain passes over its
 * memory instead of {@code x.mean(0,2,3)} and ND4J's {@code Variance} op: that op's strided reduction took 4.4 ms
 * for a 64x16x28x28 activation (the mean 0.9 ms more), the two passes 1.1 ms for both, about a sixth of a ResNet-8
 * step (docs/BENCHMARKS.md). (2) The backward pass is computed here too ({@link #backward}), in two passes, instead
 * of libnd4j's {@code batchnorm_bp}, which wrapped oneDNN's kernel in extra broadcast and reduction passes. The
 * forward normalisation is DL4J's code unchanged (libnd4j's {@code batchnorm} op, oneDNN), and so is the layer's
 * running-average update from the same mean and variance.
 *
 * <p>The statistics are the same numbers up to float rounding: per channel, mean = Σx / n and
 * var = Σ(x - mean)² / n, each summed in float along a row of H·W values and in double across rows
 * (ND4J's op agrees to 1e-6 relative on real activations; a test checks a step against DL4J's helper).
 * Other inputs (rank 2, NHWC, non-float, strided) take DL4J's own computation.
 */
final class BatchNormHelper implements BatchNormalizationHelper {
    private static final int[] RANK2_DIMS = {0};
    private static final int[] RANK4_DIMS_NCHW = {0, 2, 3};
    private static final int[] RANK4_DIMS_NHWC = {0, 1, 2};

    private OpContext context;
    private INDArray meanCache;
    private INDArray varCache;

    /**
     * Replaces DL4J's oneDNN BatchNorm helper with this one in every BatchNorm layer of {@code graph} that has it
     * (the oneDNN build with helpers on); returns how many. Layers without it (portable build) are left alone.
     */
    static int install(ComputationGraph graph) {
        int replaced = 0;
        try {
            Field helper = BatchNormalization.class.getDeclaredField("helper");
            helper.setAccessible(true);
            for (Layer layer : graph.getLayers()) {
                if (layer instanceof BatchNormalization bn && helper.get(bn) instanceof MKLDNNBatchNormHelper) {
                    helper.set(bn, new BatchNormHelper());
                    replaced++;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A DL4J without that field: its own helper stays, slower, same maths.
        }
        return replaced;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        // As MKLDNNBatchNormHelper.backpropGradient, but for NCHW float input, computed here (see class comment).
        if (!Shape.hasDefaultStridesForShape(epsilon)) {
            epsilon = epsilon.dup('c');
        }
        if (input.dataType() != DataType.FLOAT) {
            return null;
        }
        if (input.rank() == 4 && format == CNN2DFormat.NCHW && gamma != null && beta != null && dGammaView != null
                && epsilon.dataType() == DataType.FLOAT && dense(input) && dense(epsilon)) {
            INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                    input.shape());
            backward(DenseGraphStep.pointer(input), DenseGraphStep.pointer(epsilon), (int) input.size(0),
                    (int) input.size(1), Math.toIntExact(input.size(2) * input.size(3)),
                    DenseGraphStep.buffer(meanCache), DenseGraphStep.buffer(varCache), DenseGraphStep.buffer(gamma),
                    eps, DenseGraphStep.pointer(epsAtInput), DenseGraphStep.buffer(dGammaView),
                    DenseGraphStep.buffer(dBetaView));
            Gradient g = new DefaultGradient();
            g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
            return new Pair<>(g, epsAtInput);
        }
        int axis = (input.rank() != 4 || format == CNN2DFormat.NCHW) ? 1 : 3;
        java.util.List<INDArray> args = new java.util.ArrayList<>();
        args.add(input);
        args.add(meanCache);
        args.add(varCache);
        if (gamma != null) {
            args.add(gamma.reshape(gamma.length()));
        }
        if (beta != null) {
            args.add(beta.reshape(beta.length()));
        }
        args.add(epsilon);
        DynamicCustomOp op = DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(args.toArray(new INDArray[0]))
                .addIntegerArguments(gamma == null ? 0 : 1, beta == null ? 0 : 1, axis)
                .addFloatingPointArguments(eps)
                .build();
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
        INDArray dLdm = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, meanCache.dataType(), meanCache.shape());
        INDArray dLdv = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, meanCache.dataType(), meanCache.shape());
        op.setOutputArgument(0, epsAtInput);
        op.setOutputArgument(1, dLdm);
        op.setOutputArgument(2, dLdv);
        if (dGammaView != null) {
            op.setOutputArgument(3, dGammaView.reshape(dGammaView.length()));
            op.setOutputArgument(4, dBetaView.reshape(dBetaView.length()));
        }
        Nd4j.exec(op);
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, epsAtInput);
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        // As MKLDNNBatchNormHelper.preOutput, but for how the batch statistics are computed.
        if (x.dataType() != DataType.FLOAT) {
            return null;
        }
        int axis = (x.rank() != 4 || format == CNN2DFormat.NCHW) ? 1 : 3;
        if (context == null) {
            context = Nd4j.getExecutioner().buildContext();
            context.setIArguments(gamma != null ? 1 : 0, beta != null ? 1 : 0, axis);
            context.setTArguments(eps);
        }
        INDArray m;
        INDArray v;
        if (training) {
            if (meanCache == null) {
                try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    meanCache = Nd4j.createUninitialized(x.dataType(), x.size(axis));
                    varCache = Nd4j.createUninitialized(x.dataType(), x.size(axis));
                }
            }
            if (x.rank() == 4 && format == CNN2DFormat.NCHW && dense(x)) {
                channelStatistics(DenseGraphStep.pointer(x), (int) x.size(0), (int) x.size(1),
                        Math.toIntExact(x.size(2) * x.size(3)), DenseGraphStep.buffer(meanCache),
                        DenseGraphStep.buffer(varCache));
            } else {
                int[] dims = x.rank() == 2 ? RANK2_DIMS : format == CNN2DFormat.NCHW ? RANK4_DIMS_NCHW : RANK4_DIMS_NHWC;
                x.mean(meanCache, dims);
                Nd4j.exec(new Variance(x, varCache, false, dims));
            }
            m = meanCache;
            v = varCache;
        } else {
            m = mean.reshape(mean.length());
            v = var.reshape(var.length());
        }
        context.purge();
        context.setInputArray(0, x);
        context.setInputArray(1, m);
        context.setInputArray(2, v);
        if (gamma != null && beta != null) {
            context.setInputArray(3, gamma.rank() == 2 ? gamma.reshape(gamma.length()) : gamma);
            context.setInputArray(4, beta.rank() == 2 ? beta.reshape(beta.length()) : beta);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
        context.setOutputArray(0, out);
        Nd4j.exec(new BatchNorm(), context);
        return out;
    }

    /**
     * Per channel c of x[n, channels, hw] (row-major): mean = Σx / (n·hw), var = Σ(x - mean)² / (n·hw), the
     * biased variance BatchNorm normalises with (ND4J's {@code Variance(biasCorrected = false)}).
     */
    static void channelStatistics(FloatPointer x, int n, int channels, int hw, FloatBuffer mean, FloatBuffer var) {
        double count = (double) n * hw;
        int block = channels * hw;
        float[] xs = new float[block];
        double[] sums = new double[channels];
        float[] mus = new float[channels];
        long start = x.position();
        try {
            for (int i = 0; i < n; i++) {
                x.position(start + (long) i * block).get(xs, 0, block);
                for (int c = 0; c < channels; c++) {
                    sums[c] += rowSum(xs, c * hw, hw);
                }
            }
            for (int c = 0; c < channels; c++) {
                mus[c] = (float) (sums[c] / count);
                sums[c] = 0;
            }
            for (int i = 0; i < n; i++) {
                x.position(start + (long) i * block).get(xs, 0, block);
                for (int c = 0; c < channels; c++) {
                    float mu = mus[c];
                    float s = 0f;
                    for (int k = c * hw, end = k + hw; k < end; k++) {
                        float d = xs[k] - mu;
                        s += d * d;
                    }
                    sums[c] += s;
                }
            }
            for (int c = 0; c < channels; c++) {
                mean.put(c, mus[c]);
                var.put(c, (float) (sums[c] / count));
            }
        } finally {
            x.position(start);
        }
    }

    private static float rowSum(float[] a, int from, int length) {
        float s = 0f;
        for (int k = from, end = from + length; k < end; k++) {
            s += a[k];
        }
        return s;
    }

    /**
     * BatchNorm's backward pass in training mode, per channel c over its M = n·hw values, with x̂ = (x - μ)·σ⁻¹,
     * σ = sqrt(var + ε): dβ = Σ dy, dγ = Σ dy·x̂, dx = γ·σ⁻¹·(dy - dβ / M - x̂ · dγ / M). This is the gradient
     * through the batch mean and variance too, the one libnd4j's batchnorm_bp computes (a test compares steps);
     * that op spent more time in extra broadcast and reduction passes around oneDNN's kernel than in the kernel.
     * One example's [channels, hw] block at a time is copied to a heap array in bulk (JavaCPP): much faster than
     * reading a FloatBuffer view value by value, and few enough native calls for small feature maps.
     */
    static void backward(FloatPointer x, FloatPointer dy, int n, int channels, int hw, FloatBuffer mean,
                         FloatBuffer var, FloatBuffer gamma, double eps, FloatPointer dx, FloatBuffer dGamma,
                         FloatBuffer dBeta) {
        double count = (double) n * hw;
        int block = channels * hw;
        float[] xs = new float[block];
        float[] gs = new float[block];
        double[] sumDy = new double[channels];
        double[] sumDyXmu = new double[channels];
        long x0 = x.position();
        long dy0 = dy.position();
        long dx0 = dx.position();
        try {
            for (int i = 0; i < n; i++) {
                x.position(x0 + (long) i * block).get(xs, 0, block);
                dy.position(dy0 + (long) i * block).get(gs, 0, block);
                for (int c = 0; c < channels; c++) {
                    float mu = mean.get(c);
                    float rowDy = 0f;
                    float rowDyXmu = 0f;
                    for (int k = c * hw, end = k + hw; k < end; k++) {
                        rowDy += gs[k];
                        rowDyXmu += gs[k] * (xs[k] - mu);
                    }
                    sumDy[c] += rowDy;
                    sumDyXmu[c] += rowDyXmu;
                }
            }
            float[] scale = new float[channels];
            float[] shift = new float[channels];
            float[] slope = new float[channels];
            for (int c = 0; c < channels; c++) {
                double invStd = 1.0 / Math.sqrt(var.get(c) + eps);
                double dg = sumDyXmu[c] * invStd;
                dBeta.put(c, (float) sumDy[c]);
                dGamma.put(c, (float) dg);
                scale[c] = (float) (gamma.get(c) * invStd);
                shift[c] = (float) (sumDy[c] / count);
                slope[c] = (float) (dg * invStd / count);
            }
            for (int i = 0; i < n; i++) {
                x.position(x0 + (long) i * block).get(xs, 0, block);
                dy.position(dy0 + (long) i * block).get(gs, 0, block);
                for (int c = 0; c < channels; c++) {
                    float mu = mean.get(c);
                    float sc = scale[c];
                    float sh = shift[c];
                    float sl = slope[c];
                    for (int k = c * hw, end = k + hw; k < end; k++) {
                        gs[k] = sc * (gs[k] - sh - (xs[k] - mu) * sl);
                    }
                }
                dx.position(dx0 + (long) i * block).put(gs, 0, block);
            }
        } finally {
            x.position(x0);
            dy.position(dy0);
            dx.position(dx0);
        }
    }

    /** Row-major with default strides over memory the array's data pointer starts at. */
    private static boolean dense(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && a.data().length() >= a.length();
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }
}
