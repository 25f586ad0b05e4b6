package dev.jackpot.worker.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class indices to one-hot label rows. */
final class OneHot {
    private OneHot() {
    }

    /** {@code [count, numClasses]} float32 with a single 1 per row, in the column of the class. */
    static INDArray of(int[] classes, int numClasses) {
        float[] data = new float[classes.length * numClasses];
        for (int i = 0; i < classes.length; i++) {
            data[i * numClasses + classes[i]] = 1f;
        }
        return Nd4j.create(data, new long[] {classes.length, numClasses}, DataType.FLOAT);
    }
}
