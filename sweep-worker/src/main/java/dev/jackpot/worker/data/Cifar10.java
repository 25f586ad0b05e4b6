package dev.jackpot.worker.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
    private static final int CHUNK_IMAGES = 1000;

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

    /**
     * {@code [count, 3072]} float32 in the files' order (channel planes, then rows, then columns). Converted in
     * chunks: the whole training set as one float[] would need 614 MB of heap on top of the array itself, more
     * than a default Spark executor has.
     */
    private static INDArray normalised(CifarFiles.Images images) {
        int count = images.count();
        int size = CifarFiles.IMAGE_BYTES;
        int plane = CifarFiles.SIDE * CifarFiles.SIDE;
        INDArray out = Nd4j.create(DataType.FLOAT, count, size);
        for (int from = 0; from < count; from += CHUNK_IMAGES) {
            int to = Math.min(count, from + CHUNK_IMAGES);
            float[] values = new float[(to - from) * size];
            for (int i = 0; i < values.length; i++) {
                int channel = (i % size) / plane;
                values[i] = normalise(images.pixels()[from * size + i] & 0xff, channel);
            }
            out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                    .assign(Nd4j.create(values, new long[] {to - from, size}, 'c'));
        }
        return out;
    }
}
