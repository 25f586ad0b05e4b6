package dev.jackpot.worker.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dataset loaded into memory, ready for training: features are float32 {@code [n, rows*cols*channels]} in
 * [0, 1] (pixel / 255), labels are float32 one-hot {@code [n, numClasses]}, and the class indices are kept as
 * {@code int[]} for metrics and per-class counts.
 *
 * <p>Instances are cached and shared by every trial in a JVM (see {@link Datasets#load}), so the arrays are shared
 * and must be treated as read-only: never modify them in place, and {@code dup()} before anything that does (for
 * example {@code DataSet.shuffle()}, which shuffles its arrays in place).
 *
 * @param channels 1 for IDX (grayscale)
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
        int channels) {

    public int trainSize() {
        return trainClasses.length;
    }

    public int testSize() {
        return testClasses.length;
    }

    public int numClasses() {
        return (int) trainLabels.size(1);
    }
}
