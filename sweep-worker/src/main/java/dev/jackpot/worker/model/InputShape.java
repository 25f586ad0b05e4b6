package dev.jackpot.worker.model;

/**
 * The shape of one input image. Networks receive images as flat rows of {@code channels * height * width} values
 * in channel, row, column order (the order of CIFAR's binary files and of a C-order {@code [c, h, w]} array);
 * convolutional networks reshape them, dense ones use them as they are.
 */
public record InputShape(int channels, int height, int width) {
    public InputShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input shape must be positive, got " + height + "x" + width + "x" + channels);
        }
    }

    public int flatSize() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
