package dev.jackpot.worker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {
    @Test
    void knowsEveryFamilyAndNothingElse() {
        for (String name : List.of("lenet300", "resmlp1", "resmlp99", "resnet8", "resnet14", "resnet20", "resnet32",
                "resnet56", "resnet110", "vgg11", "vgg16", "conv2", "conv4", "conv6")) {
            assertTrue(Architectures.isKnown(name), name);
        }
        for (String name : List.of("resnet", "resnet2", "resnet9", "resnet18", "resnet21", "resnet08", "vgg13",
                "vgg19", "conv3", "conv8", "lenet", "resmlp0", "ResNet20", " resnet20")) {
            assertFalse(Architectures.isKnown(name), name);
        }
        Architectures.examples().forEach(e -> assertTrue(Architectures.isKnown(e), e));
    }

    @Test
    void depthCountsWeightLayersAsTheNamesDo() {
        assertEquals(3, Architectures.depth("lenet300"));
        assertEquals(6, Architectures.depth("resmlp4"));
        assertEquals(8, Architectures.depth("resnet8"));
        assertEquals(20, Architectures.depth("resnet20"));
        assertEquals(32, Architectures.depth("resnet32"));
        assertEquals(11, Architectures.depth("vgg11"));
        assertEquals(16, Architectures.depth("vgg16"));
        assertEquals(5, Architectures.depth("conv2"));
        assertEquals(9, Architectures.depth("conv6"));
        assertThrows(IllegalArgumentException.class, () -> Architectures.depth("resnet9"));
    }

    @Test
    void resnetDepthIsItsLongestPathOfWeightLayers() {
        // stem + 2 convs per block + classifier; projections sit beside the path.
        Network net = NetworksTest.build("resnet20", 0.125, false, NetworksTest.CIFAR);
        assertEquals(Architectures.depth("resnet20"), net.weightLayers().size());
    }
}
