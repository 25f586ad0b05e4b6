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
    private static Map<String, Long> built(String arch, double width, boolean residual, int inputSize) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.1)), 0.9);
        Network net = Networks.build(arch, width, residual, inputSize, 10, 1, updater, 0);
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String layer : net.weightLayers()) sizes.put(layer, net.weights(layer).length());
        return sizes;
    }

    @Test
    void agreeWithTheBuiltNetworks() {
        for (String arch : List.of("lenet300", "resmlp1", "resmlp3")) {
            for (double width : new double[] {0.01, 0.1, 0.37}) {
                for (int input : new int[] {784, 100}) {
                    assertEquals(built(arch, width, true, input), LayerSizes.of(arch, width, input, 10).weights(),
                            arch + " width " + width + " input " + input);
                }
            }
        }
    }

    @Test
    void prunableLayersFollowTheExclusionsAndAliases() {
        LayerSizes.Layers l = LayerSizes.of("resmlp2", 0.1, 784, 10);
        assertEquals(List.of("proj", "block1", "block2"), List.copyOf(l.prunable(List.of("first-conv", "last-dense")).keySet()));
        assertEquals(List.of("block2", "out"), List.copyOf(l.prunable(List.of("proj", "block1")).keySet()));
        assertEquals(784L * 26 + 2 * 26 * 26 + 26 * 10, l.total());
    }

    @Test
    void unknownNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LayerSizes.of("vgg99", 1, 784, 10));
    }
}
