package dev.jackpot.worker.model;

import dev.jackpot.worker.train.SgdMomentum;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pure sizes must be the sizes of the networks Networks builds, layer by layer and in order. */
class LayerSizesTest {
    private static Map<String, Long> built(String arch, double width, boolean residual, InputShape input) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.1)), 0.9);
        Network net = Networks.build(arch, width, residual, input, 10, 1, updater, 0);
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String layer : net.weightLayers()) sizes.put(layer, net.weights(layer).length());
        return sizes;
    }

    @Test
    void agreeWithTheBuiltNetworks() {
        InputShape mnist = new InputShape(1, 28, 28);
        for (String arch : List.of("lenet300", "resmlp1", "resmlp3")) {
            for (double width : new double[] {0.01, 0.1, 0.37}) {
                assertEquals(built(arch, width, true, mnist), LayerSizes.of(arch, width, true, mnist, 10).weights(),
                        arch + " width " + width);
            }
        }
        InputShape cifar = new InputShape(3, 32, 32);
        for (String arch : List.of("resnet8", "conv2", "vgg11")) {
            for (boolean residual : new boolean[] {true, false}) {
                assertEquals(built(arch, 0.125, residual, cifar),
                        LayerSizes.of(arch, 0.125, residual, cifar, 10).weights(), arch + " residual " + residual);
            }
        }
        assertEquals("stem", LayerSizes.of("resnet8", 0.125, true, cifar, 10).firstConv());
    }

    @Test
    void prunableLayersFollowTheExclusionsAndAliases() {
        LayerSizes.Layers l = LayerSizes.of("resmlp2", 0.1, true, new InputShape(1, 28, 28), 10);
        assertEquals(List.of("proj", "block1", "block2"), List.copyOf(l.prunable(List.of("first-conv", "last-dense")).keySet()));
        assertEquals(List.of("block2", "out"), List.copyOf(l.prunable(List.of("proj", "block1")).keySet()));
        assertEquals(784L * 26 + 2 * 26 * 26 + 26 * 10, l.total());
    }

    @Test
    void unknownNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LayerSizes.of("vgg99", 1, true, new InputShape(1, 28, 28), 10));
    }
}
