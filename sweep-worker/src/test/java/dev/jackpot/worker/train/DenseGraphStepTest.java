package dev.jackpot.worker.train;

import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.model.Relu;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.PruningScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast dense step and DL4J's ComputationGraph.fit take the same step. */
class DenseGraphStepTest {
    /** The branch-free ReLU mask gives exactly {@code v > 0f ? v : 0f}, edge values included. */
    @Test
    void branchFreeReluIsTheComparisonToTheBit() {
        float[] values = {1f, -1f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc00000),
                Float.intBitsToFloat(0x7f800001), Float.MIN_NORMAL, 3.5e-3f, -2.25e7f};
        for (float v : values) {
            int bits = Float.floatToRawIntBits(v);
            assertEquals(Float.floatToRawIntBits(v > 0f ? v : 0f), bits & Relu.positive(bits),
                    "relu(" + v + ")");
        }
    }

    private final Dataset data = Fixtures.synthetic(320, 64, 21);

    private Network build(String arch, boolean residual, TrainSettings s) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, s.lrByIteration(320)), s.momentum());
        return Networks.build(arch, 0.2, residual, new InputShape(1, 28, 28), 10, 5, updater, s.weightDecay());
    }

    @ParameterizedTest
    @CsvSource({"lenet300,false", "resmlp2,true", "resmlp2,false"})
    void bothEnginesEndWithTheSameWeights(String arch, boolean residual) {
        TrainSettings s = new TrainSettings(0.05, 2, 32, 0.9, 1e-3, List.of(0.5), 0.1, 8);
        Network viaDl4j = build(arch, residual, s);
        Network viaFast = build(arch, residual, s);
        assertTrue(DenseGraphStep.of(viaFast, null, s, s.lrByIteration(320)).isPresent(), "fast path applies");
        List<String> prunable = viaDl4j.prunableLayers(List.of("last-dense"));
        Mask mask = MagnitudePruning.prune(viaDl4j.weights(prunable), Mask.allAlive(viaDl4j.weights(prunable)), 0.6,
                PruningScope.GLOBAL);

        RunResult a = Trainer.train(viaDl4j, mask, data, s, e -> {}, Trainer.Engine.DL4J);
        RunResult b = Trainer.train(viaFast, mask, data, s, e -> {}, Trainer.Engine.AUTO);

        INDArray pa = viaDl4j.graph().params();
        INDArray pb = viaFast.graph().params();
        double scale = pa.amaxNumber().doubleValue();
        double diff = pa.sub(pb).amaxNumber().doubleValue();
        // Float32 with a different summation order over 20 steps: agreement to ~1e-5 of the largest weight.
        assertTrue(diff <= 1e-4 * scale, "weights differ by " + diff + " (scale " + scale + ")");
        for (int e = 0; e < 2; e++) {
            assertEquals(a.epochs().get(e).trainLoss(), b.epochs().get(e).trainLoss(), 1e-4, "train loss epoch " + e);
            assertEquals(a.epochs().get(e).testAcc(), b.epochs().get(e).testAcc(), 1.0 / 64 + 1e-9, "accuracy epoch " + e);
            assertEquals(a.epochs().get(e).testLoss(), b.epochs().get(e).testLoss(), 1e-4, "test loss epoch " + e);
        }
        for (String layer : prunable) {
            assertEquals(0.0, viaFast.weights(layer).mul(mask.layer(layer).rsub(1)).amaxNumber().doubleValue(),
                    "pruned weight moved in " + layer);
        }
    }

    /** Evaluation through the step's own forward pass gives DL4J's figures, in uneven chunks (64 rows by 24). */
    @ParameterizedTest
    @CsvSource({"lenet300,false", "resmlp2,true", "resmlp2,false"})
    void evaluationMatchesDl4js(String arch, boolean residual) {
        TrainSettings s = new TrainSettings(0.05, 1, 24, 0.9, 1e-3, List.of(0.5), 0.1, 8);
        Network net = build(arch, residual, s);
        Trainer.train(net, null, data, s, e -> {}, Trainer.Engine.DL4J);
        double[] viaDl4j = Trainer.evaluate(net.graph(), data.testFeatures(), data.testLabels());
        double[] viaStep = DenseGraphStep.of(net, null, s, s.lrByIteration(320)).orElseThrow()
                .evaluate(data.testFeatures(), data.testLabels());
        assertEquals(viaDl4j[0], viaStep[0], 1e-5 * viaDl4j[0], "test loss");
        // Equal unless a float-rounding difference flips a near tie between two classes' probabilities.
        assertEquals(viaDl4j[1], viaStep[1], 1.0 / 64 + 1e-9, "test accuracy");
    }

    /** A diverged net's test loss is DL4J's clamped -ln(1e-12), not NaN, through either path. */
    @Test
    void aDivergedNetworksTestLossIsDl4jsClampedOne() {
        TrainSettings s = new TrainSettings(0.05, 1, 24, 0.9, 1e-3, List.of(0.5), 0.1, 8);
        Network net = build("lenet300", false, s);
        net.graph().params().assign(Double.NaN);
        double clamped = -Math.log(1e-12);
        double[] viaDl4j = Trainer.evaluate(net.graph(), data.testFeatures(), data.testLabels());
        double[] viaStep = DenseGraphStep.of(net, null, s, s.lrByIteration(320)).orElseThrow()
                .evaluate(data.testFeatures(), data.testLabels());
        assertEquals(clamped, viaDl4j[0], 1e-3, "DL4J's loss");
        assertEquals(viaDl4j[0], viaStep[0], 1e-3, "the step's loss");
    }
}
