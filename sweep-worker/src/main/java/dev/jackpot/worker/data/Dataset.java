package dev.jackpot.worker.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * A dataset loaded into memory, ready for training: features are float32 rows {@code [n, channels*rows*cols]} in
 * channel, row, column order (IDX: pixel / 255 in [0, 1]; CIFAR-10: normalised per channel, see {@link Cifar10}),
 * labels are float32 one-hot {@code [n, numClasses]}, and the class indices are kept as {@code int[]} for metrics
 * and per-class counts.
 *
 * <p>Instances are cached and shared by every trial in a JVM (see {@link Datasets#load}), so the arrays are shared
 * and must be treated as read-only: never modify them in place, and {@code dup()} before anything that does (for
 * example {@code DataSet.shuffle()}, which shuffles its arrays in place).
 *
 * @param channels     1 for IDX (grayscale), 3 for CIFAR-10
 * @param augmentation applied to training batches only (CIFAR-10: crop and flip), or null for none
 */
public record Dataset(
        String name,
        INDArray trainFeatures,
        INDArray trainLabels,
        int[] trainClasses,
        INDArray testFeatures,
        INDArray testLabels,
        int[] testClasses,
        int rows,
        int cols,
        int channels,
        CropFlip augmentation) {

    /** A dataset without augmentation. */
    public Dataset(String name, INDArray trainFeatures, INDArray trainLabels, int[] trainClasses,
                   INDArray testFeatures, INDArray testLabels, int[] testClasses, int rows, int cols, int channels) {
        this(name, trainFeatures, trainLabels, trainClasses, testFeatures, testLabels, testClasses, rows, cols,
                channels, null);
    }

    public int trainSize() {
        return trainClasses.length;
    }

    public int testSize() {
        return testClasses.length;
    }

    public int numClasses() {
        return (int) trainLabels.size(1);
    }

    /**
     * The training minibatch of the given rows, in that order, augmented if this dataset augments. {@code random}
     * is only drawn from when augmenting; the same rows and random state give the same batch.
     */
    public DataSet trainBatch(int[] rows, SplittableRandom random) {
        INDArray x = Nd4j.pullRows(trainFeatures, 1, rows);
        if (augmentation != null) {
            x = augmentation.apply(x, random);
        }
        return new DataSet(x, Nd4j.pullRows(trainLabels, 1, rows));
    }
}
