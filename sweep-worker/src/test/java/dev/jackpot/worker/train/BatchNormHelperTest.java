package dev.jackpot.worker.train;

import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.trial.Nd4jThreads;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The BatchNorm helper's own statistics, and a few training steps with it, against DL4J's. */
class BatchNormHelperTest {
    static {
        Nd4jThreads.set(1);   // selects the native build (oneDNN where the CPU has AVX2) before ND4J loads
    }

    @Test
    void channelStatisticsAreNd4jsMeanAndBiasedVariance() {
        Nd4j.getRandom().setSeed(7);
        // An offset mean, as after a ReLU, so a one-pass E[x²] - E[x]² formula would lose digits here.
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 5, 7, 9).muli(3).addi(10);
        INDArray mean = Nd4j.create(DataType.FLOAT, 5);
        INDArray var = Nd4j.create(DataType.FLOAT, 5);
        BatchNormHelper.channelStatistics(DenseGraphStep.pointer(x), 6, 5, 63, DenseGraphStep.buffer(mean),
                DenseGraphStep.buffer(var));
        INDArray expectedMean = x.mean(0, 2, 3);
        INDArray expectedVar = Nd4j.exec(new Variance(x, Nd4j.create(DataType.FLOAT, 5), false, 0, 2, 3));
        for (int c = 0; c < 5; c++) {
            // Float sums of 378 values in another order: agreement to a few ulps of the mean.
            assertEquals(expectedMean.getDouble(c), mean.getDouble(c), 1e-5 * 11, "mean of channel " + c);
            assertEquals(expectedVar.getDouble(c), var.getDouble(c), 1e-5 * expectedVar.getDouble(c), "var " + c);
        }
    }

    @Test
    void trainingStepsMatchDl4jsOwnBatchNorm() {
        Network viaDl4j = build();
        Network viaHelper = build();
        int installed = BatchNormHelper.install(viaHelper.graph());
        // Installed where DL4J's oneDNN helper was engaged (the onednn-avx2 build); elsewhere nothing to compare.
        assertTrue(installed == 0 || installed == 9, "9 BatchNorm layers in resnet8: " + installed);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        for (int step = 0; step < 4; step++) {
            viaDl4j.graph().fit(new DataSet(x, y));
            viaHelper.graph().fit(new DataSet(x, y));
        }
        INDArray a = viaDl4j.graph().params();
        INDArray b = viaHelper.graph().params();
        double scale = a.amaxNumber().doubleValue();
        double diff = a.sub(b).amaxNumber().doubleValue();
        // Only the float summation order of the batch statistics differs: ~1e-7 relative per step.
        assertTrue(diff <= 1e-4 * scale, "parameters differ by " + diff + " (scale " + scale + ")");
        assertEquals(viaDl4j.graph().score(), viaHelper.graph().score(), 1e-4);
    }

    private static Network build() {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.05)), 0.9);
        return Networks.build("resnet8", 0.25, true, new InputShape(1, 28, 28), 10, 5, updater, 1e-3);
    }
}
