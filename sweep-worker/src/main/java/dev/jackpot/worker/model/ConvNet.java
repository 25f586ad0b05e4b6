package dev.jackpot.worker.model;

/**
 * Conv-2, Conv-4 and Conv-6 of Frankle and Carbin (2019, figure 2): pairs of 3x3 convolutions (with bias, ReLU,
 * no BatchNorm) of 64, 128, 256 channels, each pair followed by a 2x2 max pool, then dense layers of 256, 256
 * and the classifier. Every hidden width is scaled by the width multiplier.
 *
 * <p>Parameter counts on CIFAR-10 at width 1: 4,301,642 (conv2), 2,425,930 (conv4) and 2,262,602 (conv6). The
 * paper's table gives 4.3M, 2.4M and 1.7M; its conv6 figure does not follow from its own layer list.
 *
 * <p>Names: {@code conv1}, {@code relu1}, ..., {@code pool1}, ..., then {@code fc1}, {@code fc2}.
 */
final class ConvNet {
    private static final int[] PAIR_CHANNELS = {64, 128, 256};
    private static final int DENSE_UNITS = 256;

    private ConvNet() {}

    static String body(LayerStack s, String input, int convs, double width) {
        String x = input;
        for (int pair = 0; pair < convs / 2; pair++) {
            int channels = Networks.scaled(PAIR_CHANNELS[pair], width);
            for (int j = 1; j <= 2; j++) {
                String i = Integer.toString(2 * pair + j);
                x = s.relu("relu" + i, s.conv("conv" + i, x, channels, 3, 1, true));
            }
            x = s.maxPool("pool" + (pair + 1), x);
        }
        x = s.dense("fc1", x, Networks.scaled(DENSE_UNITS, width));
        return s.dense("fc2", x, Networks.scaled(DENSE_UNITS, width));
    }
}
