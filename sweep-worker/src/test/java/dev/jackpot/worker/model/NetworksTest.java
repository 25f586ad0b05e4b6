package dev.jackpot.worker.model;

import dev.jackpot.worker.train.SgdMomentum;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworksTest {
    static final InputShape MNIST = new InputShape(1, 28, 28);
    static final InputShape CIFAR = new InputShape(3, 32, 32);

    static Network build(String arch, double width, boolean residual, InputShape input) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.05)), 0.9);
        return Networks.build(arch, width, residual, input, 10, 42, updater, 1e-4);
    }

    static Stream<Arguments> everyNetworkOnBothInputs() {
        List<Arguments> args = new ArrayList<>();
        for (String arch : List.of("lenet300", "resmlp2", "resnet8", "resnet14", "vgg11", "vgg16",
                "conv2", "conv4", "conv6")) {
            args.add(Arguments.of(arch, MNIST));
            args.add(Arguments.of(arch, CIFAR));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everyNetworkOnBothInputs")
    void everyNetworkBuildsAndTrainsOneStep(String arch, InputShape input) {
        Network net = build(arch, 0.125, true, input);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, input.flatSize());
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 10);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i, 1f);
        }
        INDArray before = net.graph().params().dup();

        net.graph().fit(new DataSet(x, y));

        assertTrue(Double.isFinite(net.graph().score()), "loss " + net.graph().score());
        assertNotEquals(before, net.graph().params(), "one step changed no parameter");
        INDArray p = net.graph().outputSingle(false, x);
        assertArrayEquals(new long[] {4, 10}, p.shape());
        assertEquals(4.0, p.sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
    }

    /**
     * Parameter counts at width 1 on CIFAR-10 (3x32x32, 10 classes), counted as PyTorch does (BatchNorm's gamma and
     * beta; not its running statistics, which DL4J also keeps in the parameter array).
     */
    @Test
    void parameterCountsMatchTheReferenceArchitectures() {
        // ResNet-20: stem 3*16*9 = 432; stage 1: 6 convs of 16*16*9 = 13,824; stage 2: 16*32*9 + 5 * 32*32*9
        // = 50,688 and projection 16*32 = 512; stage 3: 32*64*9 + 5 * 64*64*9 = 202,752 and projection 32*64
        // = 2,048; BatchNorm: 2 * (16 + 6*16 + 6*32 + 32 + 6*64 + 64) = 2 * 784 = 1,568; classifier 64*10 + 10
        // = 650. Total 272,474: open_lth's test_cifar_resnet.py asserts the same figure.
        assertCounts("resnet20", 1.0, CIFAR, 272_474, 784);
        // The paper's wide ResNet-32 (32-64-128): convs 9*3*32 + 10*(9*32*32) + 9*32*64 + 9*(9*64*64)
        // + 9*64*128 + 9*(9*128*128) + 32*64 + 64*128 = 1,854,304; BN channels 32 + 10*32 + 10*64 + 64 + 10*128
        // + 128 = 2,464, so 4,928 gamma and beta; classifier 1,290.
        assertCounts("resnet32", 2.0, CIFAR, 1_860_522, 2_464);
        // VGG-16: convs 9*(3*64 + 64*64 + 64*128 + 128*128 + 128*256 + 2*256*256 + 256*512 + 5*512*512)
        // = 14,710,464; BN over 4,224 channels; classifier 5,130.
        assertCounts("vgg16", 1.0, CIFAR, 14_724_042, 4_224);
        // VGG-11: convs 9*(3*64 + 64*128 + 128*256 + 256*256 + 256*512 + 3*512*512) = 9,217,728; BN 2,752.
        assertCounts("vgg11", 1.0, CIFAR, 9_228_362, 2_752);
        // Frankle & Carbin, with biases: conv2 = 1,792 + 36,928 + (16*16*64)*256 + 256 + 65,792 + 2,570.
        assertCounts("conv2", 1.0, CIFAR, 4_301_642, 0);
        assertCounts("conv4", 1.0, CIFAR, 2_425_930, 0);
        assertCounts("conv6", 1.0, CIFAR, 2_262_602, 0);
        // The MLPs on 28x28: 784*300 + 300 + 300*100 + 100 + 100*10 + 10.
        assertCounts("lenet300", 1.0, MNIST, 266_610, 0);
        assertCounts("resmlp2", 1.0, MNIST, 784 * 256 + 256 + 2 * (256 * 256 + 256) + 2_570, 0);
    }

    private static void assertCounts(String arch, double width, InputShape input, long trainable, long bnChannels) {
        Network net = build(arch, width, true, input);
        assertEquals(trainable, trainableParams(net.graph()), arch + " trainable parameters");
        // DL4J keeps two running statistics per BatchNorm channel next to gamma and beta.
        assertEquals(trainable + 2 * bnChannels, net.graph().numParams(), arch + " DL4J parameters");
    }

    static long trainableParams(ComputationGraph graph) {
        Set<String> statistics = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        long n = 0;
        for (Layer layer : graph.getLayers()) {
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                if (!statistics.contains(p.getKey())) {
                    n += p.getValue().length();
                }
            }
        }
        return n;
    }

    @Test
    void residualOffRemovesEveryShortcutAndNothingElse() {
        Network with = build("resnet20", 0.25, true, CIFAR);
        Network without = build("resnet20", 0.25, false, CIFAR);

        assertEquals(9, skipVertices(with.graph()), "one join per basic block");
        assertEquals(0, skipVertices(without.graph()));
        List<String> projections = List.of("s2b1_proj", "s3b1_proj");
        List<String> expected = with.weightLayers().stream().filter(l -> !projections.contains(l)).toList();
        assertEquals(expected, without.weightLayers());
        for (String layer : without.weightLayers()) {
            assertArrayEquals(with.weights(layer).shape(), without.weights(layer).shape(), layer);
        }
        // Every other vertex (BatchNorm, ReLU, pooling) is the same, by name.
        Set<String> removed = Set.of("s2b1_proj", "s2b1_proj_bn", "s3b1_proj", "s3b1_proj_bn");
        List<String> withNames = vertexNames(with.graph()).stream()
                .filter(v -> !removed.contains(v) && !v.endsWith("_add")).toList();
        assertEquals(withNames, vertexNames(without.graph()));
    }

    private static long skipVertices(ComputationGraph graph) {
        return graph.getConfiguration().getVertices().values().stream()
                .filter(v -> v instanceof ElementWiseVertex).count();
    }

    private static List<String> vertexNames(ComputationGraph graph) {
        return graph.getConfiguration().getVertices().keySet().stream().sorted().toList();
    }

    @Test
    void weightLayersRunFromInputToOutputWithTheirAliases() {
        Network resnet = build("resnet8", 0.25, true, CIFAR);
        assertEquals(List.of("stem", "s1b1_conv1", "s1b1_conv2", "s2b1_conv1", "s2b1_conv2", "s2b1_proj",
                "s3b1_conv1", "s3b1_conv2", "s3b1_proj", "out"), resnet.weightLayers());
        assertEquals("stem", resnet.firstConv());
        assertEquals("out", resnet.lastDense());
        assertEquals(resnet.weightLayers().subList(1, 9), resnet.prunableLayers(List.of("first-conv", "last-dense")));
        for (String layer : resnet.weightLayers()) {
            assertEquals(layer.equals("out") ? 2 : 4, resnet.weights(layer).rank(), layer);
        }

        Network vgg = build("vgg16", 0.125, true, CIFAR);
        List<String> vggLayers = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            vggLayers.add("conv" + i);
        }
        vggLayers.add("out");
        assertEquals(vggLayers, vgg.weightLayers());
        assertEquals("conv1", vgg.firstConv());

        Network conv4 = build("conv4", 0.125, true, MNIST);
        assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "fc1", "fc2", "out"), conv4.weightLayers());
        assertEquals("conv1", conv4.firstConv());

        Network lenet = build("lenet300", 0.5, true, MNIST);
        assertEquals(List.of("fc1", "fc2", "out"), lenet.weightLayers());
        assertNull(lenet.firstConv());
    }

    @Test
    void batchNormIsNeverAWeightLayer() {
        Network net = build("vgg11", 0.125, true, CIFAR);
        for (String layer : net.weightLayers()) {
            assertFalse(net.graph().getLayer(layer) instanceof
                    org.deeplearning4j.nn.layers.normalization.BatchNormalization, layer);
        }
        long batchNorms = net.graph().getConfiguration().getVertices().keySet().stream()
                .filter(v -> v.startsWith("bn")).count();
        assertEquals(8, batchNorms);
    }

    @Test
    void convolutionsAreKaimingNormalWithFanOutAndDenseLayersWithFanIn() {
        Network net = build("resnet20", 1.0, true, CIFAR);
        // 32 -> 64 channels, stride 2: fan-out 64*9 gives std 0.0589; fan-in (32*9) would give 0.0833 and DL4J's
        // stride-divided fan-out 0.118. 18,432 samples estimate the std within about 0.5%.
        assertStd(Math.sqrt(2.0 / (64 * 9)), net.weights("s3b1_conv1"), 0.03);
        assertStd(Math.sqrt(2.0 / 64), net.weights("s3b1_proj"), 0.05);  // 1x1: fan-out 64
        assertStd(Math.sqrt(2.0 / 64), net.weights("out"), 0.10);        // dense: fan-in 64, 640 samples
        INDArray gamma = net.graph().getLayer("s3b1_bn1").getParam(BatchNormalizationParamInitializer.GAMMA);
        INDArray beta = net.graph().getLayer("s3b1_bn1").getParam(BatchNormalizationParamInitializer.BETA);
        assertEquals(1.0, gamma.minNumber().doubleValue());
        assertEquals(1.0, gamma.maxNumber().doubleValue());
        assertEquals(0.0, beta.amaxNumber().doubleValue());
    }

    private static void assertStd(double expected, INDArray w, double relativeTolerance) {
        double mean = w.meanNumber().doubleValue();
        double std = w.stdNumber().doubleValue();
        assertEquals(0.0, mean, 4 * expected / Math.sqrt(w.length()), "mean");
        assertEquals(expected, std, expected * relativeTolerance, "std");
    }

    @Test
    void featureMapSizesFollowPyTorchOnBothInputs() {
        // Stride-2 convolutions with padding 1 and 2x2 pools round down: 28 -> 14 -> 7, 32 -> 16 -> 8.
        assertActivationShape("resnet8", MNIST, "s3b1_relu", 8, 7);
        assertActivationShape("resnet8", CIFAR, "s3b1_relu", 8, 8);
        assertActivationShape("conv6", MNIST, "pool3", 32, 3);
        assertActivationShape("vgg16", MNIST, "conv13", 64, 1);
        assertActivationShape("vgg16", CIFAR, "conv13", 64, 2);
    }

    private static void assertActivationShape(String arch, InputShape input, String vertex, int channels, int side) {
        Network net = build(arch, 0.125, true, input);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, input.flatSize());
        INDArray a = net.graph().feedForward(x, false).get(vertex);
        assertArrayEquals(new long[] {2, channels, side, side}, a.shape(), arch + " " + vertex + " on " + input);
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        SgdMomentum u = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.05)), 0.9);
        INDArray a = Networks.build("resnet8", 0.25, true, CIFAR, 10, 1, u, 0).graph().params();
        INDArray b = Networks.build("resnet8", 0.25, true, CIFAR, 10, 1, u, 0).graph().params();
        INDArray c = Networks.build("resnet8", 0.25, true, CIFAR, 10, 2, u, 0).graph().params();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }
}
