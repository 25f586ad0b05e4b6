package dev.jackpot.worker.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How CIFAR-10 files become a {@link Dataset}: per-channel normalisation, and the training augmentation.
 *
 * <p>Normalisation: {@code (pixel / 255 - MEAN[c]) / STD[c]} with the mean and standard deviation of each channel
 * over the 50,000 training images. Much CIFAR code uses (0.2023, 0.1994, 0.2010) as the standard deviations, a
 * long-copied value that is the deviation of something else; the true figures below differ from it by a constant
 * factor per channel, which the first BatchNorm absorbs. Test images use the same constants.
 */
final class Cifar10 {
    static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    static final float[] STD = {0.2470f, 0.2435f, 0.2616f};
    /** Pixels of padding on each side before the random 32x32 crop. */
    static final int CROP_PADDING = 4;

    private Cifar10() {
    }

    static Dataset toDataset(String name, CifarFiles.Contents contents) {
        CifarFiles.Images train = contents.train();
        CifarFiles.Images test = contents.test();
        return new Dataset(name,
                normalised(train), OneHot.of(train.classes(), CifarFiles.NUM_CLASSES), train.classes(),
                normalised(test), OneHot.of(test.classes(), CifarFiles.NUM_CLASSES), test.classes(),
                CifarFiles.SIDE, CifarFiles.SIDE, CifarFiles.CHANNELS, augmentation());
    }

    /** Pad 4, random crop, random flip; padding is normalised black, as torchvision's pipeline gives. */
    static CropFlip augmentation() {
        float[] black = new float[CifarFiles.CHANNELS];
        for (int c = 0; c < black.length; c++) {
            black[c] = normalise(0, c);
        }
        return new CropFlip(CifarFiles.CHANNELS, CifarFiles.SIDE, CifarFiles.SIDE, CROP_PADDING, black);
    }

    static float normalise(int pixel, int channel) {
        return (pixel / 255f - MEAN[channel]) / STD[channel];
    }

    /** {@code [count, 3072]} float32 in the files' order (channel planes, then rows, then columns). */
    private static INDArray normalised(CifarFiles.Images images) {
        byte[] pixels = images.pixels();
        float[] values = new float[pixels.length];
        int plane = CifarFiles.SIDE * CifarFiles.SIDE;
        for (int i = 0; i < pixels.length; i++) {
            int channel = (i % CifarFiles.IMAGE_BYTES) / plane;
            values[i] = normalise(pixels[i] & 0xff, channel);
        }
        return Nd4j.create(values, new long[] {images.count(), CifarFiles.IMAGE_BYTES}, 'c');
    }
}
