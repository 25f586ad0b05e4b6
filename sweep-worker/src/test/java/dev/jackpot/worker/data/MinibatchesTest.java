package dev.jackpot.worker.data;

import dev.jackpot.worker.Fixtures;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reused batch buffers give exactly the batches {@link Dataset#trainBatch} gives. */
class MinibatchesTest {
    private final Dataset data = Fixtures.synthetic(50, 8, 3);

    @Test
    void sameBatchesAsTrainBatchWhateverTheBatchSizeSequence() {
        Minibatches batches = new Minibatches(data);
        int[][] rowSets = {{4, 0, 49, 7}, {1, 2}, {49, 48, 0, 3}, {10}};
        for (int[] rows : rowSets) {
            DataSet expected = data.trainBatch(rows, new SplittableRandom(1));
            DataSet actual = batches.batch(rows, new SplittableRandom(1));
            assertEquals(expected.getFeatures(), actual.getFeatures());
            assertEquals(expected.getLabels(), actual.getLabels());
        }
    }

    @Test
    void viewsFallBackToTheGenericCopy() {
        Dataset view = new Dataset("view", data.trainFeatures().get(NDArrayIndex.interval(10, 30), NDArrayIndex.all()),
                data.trainLabels().get(NDArrayIndex.interval(10, 30), NDArrayIndex.all()),
                java.util.Arrays.copyOfRange(data.trainClasses(), 10, 30), data.testFeatures(), data.testLabels(),
                data.testClasses(), data.rows(), data.cols(), data.channels());
        int[] rows = {0, 19, 5};
        assertEquals(view.trainBatch(rows, new SplittableRandom(1)).getFeatures(),
                new Minibatches(view).batch(rows, new SplittableRandom(1)).getFeatures());
    }

    @Test
    void rowsOutOfRangeAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> new Minibatches(data).batch(new int[] {50}, new SplittableRandom(1)));
    }
}
