package dev.jackpot.worker.model;

/**
 * The CIFAR ResNet of depth 6n + 2 (He et al. 2016, section 4.2), as the paper's code and the PyTorch peer
 * (shared/bench/torch_peer.py) build it: a 3x3 stem convolution, BatchNorm and ReLU; three stages of n basic
 * blocks with c, 2c, 4c channels (c = 16 times the width multiplier), the first block of stages 2 and 3
 * halving the resolution; global average pooling; the dense classifier. Convolutions have no bias (BatchNorm
 * follows each).
 *
 * <p>A basic block: conv3x3(stride) -> BN -> ReLU -> conv3x3 -> BN -> (+ shortcut) -> ReLU. The shortcut is
 * the identity, or a 1x1 convolution and BN (the projection) where the block changes the shape. With residual
 * off there is no shortcut at all, projection included, and everything else is unchanged, like the paper's
 * "ResNet-32 without residual connections".
 *
 * <p>Names: {@code stem}, {@code stem_bn}, {@code stem_relu}, then per block {@code s<stage>b<block>_conv1},
 * {@code _bn1}, {@code _relu1}, {@code _conv2}, {@code _bn2}, {@code _proj}, {@code _proj_bn}, {@code _add},
 * {@code _relu}; then {@code pool}. Weight layers are listed per block as conv1, conv2, proj, the order of
 * the PyTorch modules' parameters.
 */
final class ResNet {
    static final int BASE_CHANNELS = 16;

    private ResNet() {}

    static String body(LayerStack s, String input, int depth, double width, boolean residual) {
        int blocksPerStage = (depth - 2) / 6;
        int base = Networks.scaled(BASE_CHANNELS, width);
        String x = s.relu("stem_relu", s.batchNorm("stem_bn", s.conv("stem", input, base, 3, 1, false)));
        int in = base;
        for (int stage = 1; stage <= 3; stage++) {
            int out = base << (stage - 1);
            for (int block = 1; block <= blocksPerStage; block++) {
                int stride = stage > 1 && block == 1 ? 2 : 1;
                x = block(s, "s" + stage + "b" + block, x, in, out, stride, residual);
                in = out;
            }
        }
        return s.globalAvgPool("pool", x);
    }

    private static String block(LayerStack s, String name, String x, int in, int out, int stride, boolean residual) {
        String y = s.conv(name + "_conv1", x, out, 3, stride, false);
        y = s.relu(name + "_relu1", s.batchNorm(name + "_bn1", y));
        y = s.batchNorm(name + "_bn2", s.conv(name + "_conv2", y, out, 3, 1, false));
        if (residual) {
            String shortcut = x;
            if (stride != 1 || in != out) {
                shortcut = s.batchNorm(name + "_proj_bn", s.conv(name + "_proj", x, out, 1, stride, false));
            }
            y = s.add(name + "_add", y, shortcut);
        }
        return s.relu(name + "_relu", y);
    }
}
