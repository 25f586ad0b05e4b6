package dev.jackpot.worker.train;

import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.PruningScope;
import dev.jackpot.worker.trial.Nd4jThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The oneDNN conv step and DL4J's ComputationGraph.fit take the same step. */
class ConvGraphStepTest {
    static {
        Nd4jThreads.set(1);   // selects the native build before ND4J loads, as a trial does
    }

    // 300 rows in batches of 32: nine full batches and one of 12, so two batch sizes (two oneDNN plans) per epoch.
    private final Dataset data = Fixtures.synthetic(300, 64, 21);
    private final TrainSettings settings = new TrainSettings(0.01, 2, 32, 0.9, 1e-3, List.of(0.5), 0.1, 8);

    private Network build(String arch, double width, boolean residual) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, settings.lrByIteration(300)),
                settings.momentum());
        return Networks.build(arch, width, residual, new InputShape(1, 28, 28), 10, 5, updater, settings.weightDecay());
    }

    /**
     * Three steps on one minibatch, each engine through the step seam a trial uses, pruned weights included: every
     * parameter tensor (BatchNorm's running mean and log10(std) too) moves the same way. Compared as the relative
     * difference of the change each step made, per tensor: a wrong step (a missing term, a wrong layout, a skip not
     * added) moves a tensor differently by order one, float rounding by far less. Rounding is not tiny everywhere:
     * the first convolution's weight gradient passes every BatchNorm and is sensitive to its inputs (DL4J against
     * itself with parameters moved by 1e-6 ends step 2 with that tensor 5e-5 apart), hence the per-tensor measure.
     */
    @ParameterizedTest
    @CsvSource({"resnet8,0.5,true", "resnet8,0.5,false", "resnet8,1.0,true", "resnet14,0.5,true"})
    void stepsMoveEveryTensorAsDl4jDoes(String arch, double width, boolean residual) {
        assumeTrue(Dnnl.available(), "oneDNN's natives (the onednn-avx2 profile) are not on the class path");
        Network viaDl4j = build(arch, width, residual);
        Network viaDnnl = build(arch, width, residual);
        Mask mask = prune(viaDl4j);
        var lrs = settings.lrByIteration(300);
        DataSet batch = new DataSet(data.trainFeatures().get(NDArrayIndex.interval(0, 32), NDArrayIndex.all()),
                data.trainLabels().get(NDArrayIndex.interval(0, 32), NDArrayIndex.all()));
        mask.applyInPlace(viaDl4j.weights(List.copyOf(mask.layerNames())));
        mask.applyInPlace(viaDnnl.weights(List.copyOf(mask.layerNames())));
        INDArray start = viaDl4j.graph().params().dup();
        double worst = 0;
        String where = "";
        try (var a = Trainer.localEngine(Trainer.Engine.DL4J).start(viaDl4j, mask, settings, lrs);
             var b = Trainer.localEngine(Trainer.Engine.AUTO).start(viaDnnl, mask, settings, lrs)) {
            for (int step = 0; step < 3; step++) {
                // Every buffer oneDNN writes must outlive a collection (a weight buffer held by nothing but its
                // oneDNN memory object was freed under it once, and the JVM crashed a suite later).
                System.gc();
                double la = a.step(batch, step);
                double lb = b.step(batch, step);
                assertEquals(la, lb, 1e-5, "objective at step " + step);
                for (var layer : viaDl4j.graph().getLayers()) {
                    String name = layer.conf().getLayer().getLayerName();
                    for (var param : layer.paramTable().entrySet()) {
                        INDArray pa = param.getValue();
                        INDArray pb = viaDnnl.graph().getLayer(name).getParam(param.getKey());
                        INDArray moved = pa.sub(startOf(viaDl4j, start, pa));
                        double relative = pa.sub(pb).norm2Number().doubleValue()
                                / Math.max(moved.norm2Number().doubleValue(), 1e-12);
                        if (relative > worst) {
                            worst = relative;
                            where = name + "." + param.getKey() + " at step " + step;
                        }
                    }
                }
            }
        }
        // Seen: 0.002-0.027 (BatchNorm gamma and beta, which move least); a wrong step gives order one.
        assertTrue(worst <= 0.1, "a tensor moved differently: " + worst + " relative, " + where);
        assertPrunedStayZero(viaDnnl, mask);
    }

    /** {@code param}'s values in {@code start}, a copy of the flat vector {@code param} is a view of. */
    private static INDArray startOf(Network network, INDArray start, INDArray param) {
        return DenseGraphStep.sameLayout(start, network.graph().params(), param);
    }

    /** Whole training runs (two epochs, two batch sizes, the learning-rate drop, masks) through Trainer. */
    @ParameterizedTest
    @CsvSource({"resnet8,0.5,true", "resnet8,0.5,false"})
    void trainingRunsAgree(String arch, double width, boolean residual) {
        assumeTrue(Dnnl.available(), "oneDNN's natives (the onednn-avx2 profile) are not on the class path");
        Network viaDl4j = build(arch, width, residual);
        Network viaDnnl = build(arch, width, residual);
        try (var probe = ConvGraphStep.of(viaDnnl, null, settings, settings.lrByIteration(300)).orElseThrow()) {
            // the oneDNN step applies to this graph (else orElseThrow fails the test)
        }
        Mask mask = prune(viaDl4j);
        RunResult a = Trainer.train(viaDl4j, mask, data, settings, e -> {}, Trainer.Engine.DL4J);
        RunResult b = Trainer.train(viaDnnl, mask, data, settings, e -> {}, Trainer.Engine.AUTO);
        INDArray pa = viaDl4j.graph().params();
        INDArray pb = viaDnnl.graph().params();
        double scale = pa.amaxNumber().doubleValue();
        double diff = pa.sub(pb).amaxNumber().doubleValue();
        // 20 steps: float rounding grown by the amplification described above, still far below a wrong step.
        assertTrue(diff <= 1e-2 * scale, "parameters differ by " + diff + " (scale " + scale + ")");
        for (int e = 0; e < 2; e++) {
            assertEquals(a.epochs().get(e).trainLoss(), b.epochs().get(e).trainLoss(), 1e-2, "train loss epoch " + e);
            assertEquals(a.epochs().get(e).testAcc(), b.epochs().get(e).testAcc(), 2.0 / 64 + 1e-9, "accuracy epoch " + e);
        }
        assertPrunedStayZero(viaDnnl, mask);
    }

    /** Evaluation with BatchNorm's running statistics, after training has moved them: DL4J's figures. */
    @ParameterizedTest
    @CsvSource({"resnet8,0.5,true", "resnet14,0.5,false"})
    void evaluationMatchesDl4js(String arch, double width, boolean residual) {
        assumeTrue(Dnnl.available(), "oneDNN's natives (the onednn-avx2 profile) are not on the class path");
        Network net = build(arch, width, residual);
        Trainer.train(net, null, data, settings, e -> {}, Trainer.Engine.DL4J);
        double[] viaDl4j = Trainer.evaluate(net.graph(), data.testFeatures(), data.testLabels());
        try (ConvGraphStep step = ConvGraphStep.of(net, null, settings, settings.lrByIteration(300)).orElseThrow()) {
            // 64 test rows in two chunks of the batch size (32).
            double[] viaOneDnn = step.evaluate(data.testFeatures(), data.testLabels());
            assertEquals(viaDl4j[0], viaOneDnn[0], 1e-4 * viaDl4j[0], "test loss");
            assertEquals(viaDl4j[1], viaOneDnn[1], 1.0 / 64 + 1e-9, "test accuracy");
        }
    }

    @Test
    void channelCountsOneDnnHasNoFastKernelForAreLeftToDl4j() {
        assumeTrue(Dnnl.available());
        // Width 0.25: 4 channels, which oneDNN's AVX2 convolutions only serve through their reference code.
        assertFalse(ConvGraphStep.of(build("resnet8", 0.25, true), null, settings, settings.lrByIteration(300))
                .isPresent());
    }

    private Mask prune(Network network) {
        List<String> prunable = network.prunableLayers(List.of("last-dense"));
        return MagnitudePruning.prune(network.weights(prunable), Mask.allAlive(network.weights(prunable)), 0.6,
                PruningScope.GLOBAL);
    }

    private static void assertPrunedStayZero(Network network, Mask mask) {
        for (String layer : mask.layerNames()) {
            assertEquals(0.0, network.weights(layer).mul(mask.layer(layer).rsub(1)).amaxNumber().doubleValue(),
                    "pruned weight moved in " + layer);
        }
    }

    @Test
    void graphsWithOtherLayersAreLeftToDl4j() {
        assumeTrue(Dnnl.available());
        // vgg has max pooling and biased convolutions; lenet300 has no convolutions at all.
        assertFalse(ConvGraphStep.of(build("vgg11", 0.25, false), null, settings, settings.lrByIteration(300)).isPresent());
        assertFalse(ConvGraphStep.of(build("lenet300", 0.25, false), null, settings, settings.lrByIteration(300)).isPresent());
    }
}
