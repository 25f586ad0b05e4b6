package dev.jackpot.worker.model;

import dev.jackpot.worker.trial.Nd4jThreads;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loop-based ReLU derivative gives ND4J's values exactly, zeros included. */
class ReluTest {
    static {
        Nd4jThreads.set(1);
    }

    @Test
    void derivativeEqualsNd4jsExactly() {
        Nd4j.getRandom().setSeed(5);
        INDArray z = Nd4j.rand(DataType.FLOAT, 3, 4, 50, 50).subi(0.5);   // 30,000 values: more than one chunk
        z.putScalar(new long[] {0, 0, 0, 0}, 0f);                      // the derivative at exactly 0
        z.putScalar(new long[] {0, 0, 0, 1}, -0f);
        z.putScalar(new long[] {0, 0, 0, 2}, Float.POSITIVE_INFINITY);
        z.putScalar(new long[] {0, 0, 0, 3}, Float.NEGATIVE_INFINITY);
        z.putScalar(new long[] {0, 0, 0, 4}, Float.NaN);
        z.putScalar(new long[] {0, 0, 0, 5}, Float.MIN_VALUE);
        z.putScalar(new long[] {0, 0, 0, 6}, -Float.MIN_VALUE);
        INDArray eps = Nd4j.rand(DataType.FLOAT, 3, 4, 50, 50);
        INDArray expected = new ActivationReLU().backprop(z.dup(), eps.dup()).getFirst();
        INDArray actual = new Relu().backprop(z.dup(), eps.dup()).getFirst();
        float[] e = expected.data().asFloat();
        float[] g = actual.data().asFloat();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(g[i]), "value " + i);
        }
    }

    @Test
    void viewsTakeNd4jsOp() {
        INDArray z = Nd4j.rand(DataType.FLOAT, 6, 6).subi(0.5).get(NDArrayIndex.interval(1, 4), NDArrayIndex.all());
        INDArray eps = Nd4j.rand(DataType.FLOAT, 3, 6);
        assertEquals(new ActivationReLU().backprop(z.dup(), eps.dup()).getFirst(),
                new Relu().backprop(z.dup(), eps.dup()).getFirst());
    }
}
