package dev.jackpot.worker.train;

import dev.jackpot.worker.data.CifarFixtures;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.data.Datasets;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.RandomMasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The mask holds on 4-d convolution weights too, through BatchNorm, momentum, weight decay and augmentation. */
class MaskedConvTrainingTest {
    @TempDir
    Path dir;

    @Test
    void maskedConvWeightsStayExactlyZero() {
        CifarFixtures.writeDataset(dir, 8, 8);
        Dataset data = Datasets.load(new DatasetRef("cifar-masked", "cifar10", dir.toString()));
        TrainSettings s = new TrainSettings(0.05, 2, 16, 0.9, 5e-3, List.of(0.5), 0.1, 3);
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, s.lrByIteration(40)), 0.9);
        Network net = Networks.build("resnet8", 0.25, true, new InputShape(3, 32, 32), 10, 5, updater, 5e-3);
        List<String> prunable = net.prunableLayers(List.of("first-conv", "last-dense"));
        Mask full = Mask.allAlive(net.weights(prunable));
        // Half of every layer pruned, at random positions (the same counts as a half-alive magnitude mask).
        Mask mask = RandomMasks.sameLayerCounts(halve(full, prunable), 11);
        java.util.Map<String, INDArray> start = new java.util.HashMap<>();
        prunable.forEach(l -> start.put(l, net.weights(l).dup()));

        Trainer.train(net, mask, data, s, e -> {});

        for (String layer : prunable) {
            INDArray w = net.weights(layer);
            assertEquals(4, w.rank(), layer);
            assertEquals(0.0, w.mul(mask.layer(layer).rsub(1)).amaxNumber().doubleValue(), layer + " pruned weight");
            assertEquals(mask.alive(layer), full.alive(layer) / 2, layer);
            assertNotEquals(start.get(layer).mul(mask.layer(layer)), w, layer + ": the kept weights trained");
        }
    }

    /** A mask with the first half of each layer's positions alive. */
    private static Mask halve(Mask full, List<String> layers) {
        java.util.Map<String, INDArray> m = new java.util.LinkedHashMap<>();
        for (String layer : layers) {
            INDArray ones = full.layer(layer).dup('c');
            float[] v = ones.data().asFloat();
            for (int i = v.length / 2; i < v.length; i++) {
                v[i] = 0f;
            }
            m.put(layer, org.nd4j.linalg.factory.Nd4j.create(v, ones.shape(), 'c'));
        }
        return Mask.of(m);
    }
}
