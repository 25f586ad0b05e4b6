package dev.jackpot.worker.model;

import java.util.List;

/**
 * VGG for CIFAR with BatchNorm, as the paper's code builds it (cifar/models/vgg_grasp.py of Ma et al.): 3x3
 * convolutions without bias, each followed by BN and ReLU, max pooling between the groups, then one dense
 * classifier on the pooled last feature map. The last group has no max pool; global average pooling takes its
 * place, which equals the reference's 2x2 average pool on 32x32 inputs (2x2 maps) and also works on 28x28 inputs
 * (1x1 maps). Channels are the plan's times the width multiplier.
 *
 * <p>Names: {@code conv1}, {@code bn1}, {@code relu1}, ... in order, {@code pool1}.. for the max pools,
 * {@code pool} for the global one.
 */
final class Vgg {
    /** A conv layer's channels, or {@link #POOL} for a 2x2 max pool. */
    private static final int POOL = 0;
    private static final List<Integer> VGG11 =
            List.of(64, POOL, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512);
    private static final List<Integer> VGG16 =
            List.of(64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL, 512, 512, 512, POOL, 512, 512, 512);

    private Vgg() {}

    static String body(LayerStack s, String input, int depth, double width) {
        List<Integer> plan = depth == 11 ? VGG11 : VGG16;
        String x = input;
        int convs = 0;
        int pools = 0;
        for (int channels : plan) {
            if (channels == POOL) {
                x = s.maxPool("pool" + ++pools, x);
            } else {
                String i = Integer.toString(++convs);
                x = s.conv("conv" + i, x, Networks.scaled(channels, width), 3, 1, false);
                x = s.relu("relu" + i, s.batchNorm("bn" + i, x));
            }
        }
        return s.globalAvgPool("pool", x);
    }
}
