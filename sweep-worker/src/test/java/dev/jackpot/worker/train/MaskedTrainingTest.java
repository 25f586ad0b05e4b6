package dev.jackpot.worker.train;

import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.RandomMasks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskedTrainingTest {
    private final Dataset data = Fixtures.synthetic(512, 256, 7);

    private Network build(String arch, boolean residual, TrainSettings s) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, s.lrByIteration(512)), 0.9);
        return Networks.build(arch, 0.2, residual, new InputShape(1, 28, 28), 10, 11, updater, s.weightDecay());
    }

    @Test
    void maskedWeightsStayExactlyZeroWithMomentumAndWeightDecay() {
        // A large weight decay and momentum: either would move a masked weight off zero if a step leaked.
        TrainSettings s = new TrainSettings(0.05, 3, 32, 0.9, 5e-3, List.of(0.5), 0.1, 3);
        Network net = build("resmlp2", true, s);
        List<String> prunable = net.prunableLayers(List.of("last-dense"));
        Mask mask = halfMask(net, prunable);
        RunResult run = Trainer.train(net, mask, data, s, e -> {});
        assertTrue(run.finalAccuracy() > 0.5, "masked network still learns: " + run.finalAccuracy());
        for (String layer : prunable) {
            INDArray w = net.weights(layer);
            INDArray outside = w.mul(mask.layer(layer).rsub(1));
            assertEquals(0.0, outside.amaxNumber().doubleValue(), "non-zero pruned weight in " + layer);
            // And the kept weights did train (not frozen by mistake).
            assertTrue(w.mul(mask.layer(layer)).amaxNumber().doubleValue() > 0);
        }
        // The best checkpoint is masked too (it is what IMP prunes next).
        net.graph().setParams(run.bestParams());
        for (String layer : prunable) {
            assertEquals(0.0, net.weights(layer).mul(mask.layer(layer).rsub(1)).amaxNumber().doubleValue());
        }
    }

    private static Mask halfMask(Network net, List<String> prunable) {
        Mask all = Mask.allAlive(net.weights(prunable));
        Map<String, INDArray> half = new java.util.LinkedHashMap<>();
        for (String layer : prunable) {
            INDArray m = all.layer(layer).dup('c');
            float[] v = m.data().asFloat();
            for (int i = 0; i < v.length; i += 2) {
                v[i] = 0f;
            }
            half.put(layer, org.nd4j.linalg.factory.Nd4j.create(v, m.shape(), 'c'));
        }
        return Mask.of(half);
    }

    @Test
    void momentumMatchesPyTorchsClassicUpdate() {
        // One parameter block, gradient 1 every step, lr 0.1, momentum 0.9: steps 0.1, 0.19, 0.271.
        SgdMomentum config = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.1)), 0.9);
        INDArray state = org.nd4j.linalg.factory.Nd4j.zeros(1, 1);
        var updater = config.instantiate(state, true);
        double[] expected = {0.1, 0.19, 0.271};
        for (int i = 0; i < 3; i++) {
            INDArray g = org.nd4j.linalg.factory.Nd4j.ones(1, 1);
            updater.applyUpdater(g, i, 0);
            assertEquals(expected[i], g.getDouble(0), 1e-6, "step " + i);
        }
    }

    @Test
    void learningRateDropsAtTheConfiguredFractions() {
        TrainSettings s = new TrainSettings(0.1, 4, 64, 0.9, 0, List.of(0.5, 0.75), 0.1, 0);
        var lr = s.lrByIteration(640); // 10 steps per epoch, 40 in all
        assertEquals(0.1, lr.floorEntry(19).getValue(), 1e-12);
        assertEquals(0.01, lr.floorEntry(20).getValue(), 1e-12);
        assertEquals(0.001, lr.floorEntry(30).getValue(), 1e-12);
    }
}
