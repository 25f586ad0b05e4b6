package dev.jackpot.worker.train;

import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.PruningScope;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientNormTest {
    private final Dataset data = Fixtures.synthetic(64, 16, 5);
    private final INDArray x = data.trainFeatures();
    private final INDArray y = data.trainLabels();

    private static Network net(double weightDecay) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.1)), 0.9);
        return Networks.build("resmlp1", 0.1, true, new InputShape(1, 28, 28), 10, 3, updater, weightDecay);
    }

    @Test
    void itIsTheGradientOfTheMeanLossNotTheSum() {
        Network net = net(0);
        INDArray one = x.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
        INDArray label = y.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
        double single = GradientNorm.of(net, null, one, label, 64);
        double fourCopies = GradientNorm.of(net, null, Nd4j.concat(0, one, one, one, one),
                Nd4j.concat(0, label, label, label, label), 64);
        assertEquals(single, fourCopies, single * 1e-5);
    }

    @Test
    void weightDecayIsNotPartOfIt() {
        assertEquals(GradientNorm.of(net(0), null, x, y, 64), GradientNorm.of(net(0.5), null, x, y, 64), 1e-9);
    }

    @Test
    void chunksAddUpToTheWholeBatch() {
        Network net = net(0);
        double whole = GradientNorm.of(net, null, x, y, 64);
        assertEquals(whole, GradientNorm.of(net, null, x, y, 7), whole * 1e-5);
    }

    @Test
    void theMaskZeroesPrunedEntriesAndTheParametersAreLeftAlone() {
        Network net = net(0);
        INDArray before = net.graph().params().dup();
        List<String> prunable = net.prunableLayers(List.of("last-dense"));
        Mask all = Mask.allAlive(net.weights(prunable));
        Map<String, INDArray> none = new LinkedHashMap<>();
        prunable.forEach(l -> none.put(l, all.layer(l).mul(0)));
        double dense = GradientNorm.of(net, null, x, y, 64);
        assertEquals(dense, GradientNorm.of(net, all, x, y, 64), dense * 1e-6);
        double masked = GradientNorm.of(net, Mask.of(none), x, y, 64);
        // With every prunable weight masked, what is left is the gradient of the biases and the classifier.
        net.graph().setInputs(x);
        net.graph().setLabels(y);
        net.graph().computeGradientAndScore();
        double rest2 = 0;
        for (var e : net.graph().gradient().gradientForVariable().entrySet()) {
            boolean prunedWeight = prunable.stream().anyMatch(l -> e.getKey().equals(l + "_W"));
            if (!prunedWeight) {
                double n = e.getValue().norm2Number().doubleValue();
                rest2 += n * n;
            }
        }
        assertEquals(Math.sqrt(rest2) / x.rows(), masked, masked * 1e-4);
        assertTrue(masked < dense);
        assertEquals(before, net.graph().params(), "measuring must not change the parameters");
    }

    @Test
    void theResNetsPassesThroughOneDnnGiveDl4jsFigure() {
        Assumptions.assumeTrue(Dnnl.available(), "oneDNN's natives (the onednn-avx2 profile) are not on the class path");
        Dataset images = Fixtures.synthetic(200, 16, 9);
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.1)), 0.9);
        Network net = Networks.build("resnet8", 0.5, true, new InputShape(1, 28, 28), 10, 3, updater, 1e-4);
        List<String> prunable = net.prunableLayers(List.of("last-dense"));
        Mask mask = MagnitudePruning.prune(net.weights(prunable), Mask.allAlive(net.weights(prunable)), 0.5,
                PruningScope.GLOBAL);
        INDArray before = net.graph().params().dup();
        // 200 examples in chunks of 64: three full chunks and one of 8, each normalised by its own statistics.
        double viaDl4j = GradientNorm.of(net, mask, images.trainFeatures(), images.trainLabels(), 64, Trainer.Engine.DL4J);
        double viaOneDnn = GradientNorm.of(net, mask, images.trainFeatures(), images.trainLabels(), 64, Trainer.Engine.AUTO);
        assertEquals(viaDl4j, viaOneDnn, viaDl4j * 1e-4);
        assertEquals(before, net.graph().params(), "parameters and running statistics left alone");
        double dense = GradientNorm.of(net, null, images.trainFeatures(), images.trainLabels(), 64, Trainer.Engine.AUTO);
        assertTrue(viaOneDnn < dense, "the mask removes part of the gradient: " + viaOneDnn + " vs " + dense);
    }

    @Test
    void theDenseNetsPassesThroughTheTrainingStepGiveDl4jsFigure() {
        Network net = net(1e-4);
        List<String> prunable = net.prunableLayers(List.of("last-dense"));
        Mask mask = MagnitudePruning.prune(net.weights(prunable), Mask.allAlive(net.weights(prunable)), 0.5,
                PruningScope.GLOBAL);
        INDArray before = net.graph().params().dup();
        // 64 examples in chunks of 7: nine full chunks and one of 1.
        for (Mask m : java.util.Arrays.asList(null, mask)) {
            double viaDl4j = GradientNorm.of(net, m, x, y, 7, Trainer.Engine.DL4J);
            double viaStep = GradientNorm.of(net, m, x, y, 7, Trainer.Engine.AUTO);
            assertEquals(viaDl4j, viaStep, viaDl4j * 1e-5, "mask " + (m == null ? "none" : "50%"));
        }
        assertEquals(before, net.graph().params(), "parameters left alone");
        assertTrue(DenseGraphStep.of(net, mask, new TrainSettings(0.01, 1, 7, 0, 0, List.of(), 0.1, 0),
                new java.util.TreeMap<>(Map.of(0, 0.01))).isPresent(), "resmlp1 takes the dense step's passes");
    }
}
