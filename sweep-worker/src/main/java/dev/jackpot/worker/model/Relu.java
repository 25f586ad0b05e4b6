package dev.jackpot.worker.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

import java.nio.FloatBuffer;

/**
 * Plain ReLU, as {@link ActivationReLU}, with its derivative computed by one loop over the arrays' memory for dense
 * float arrays. ND4J 1.0.0-M2's op for it (relu_bp) calls a {@code std::function} per element: about 4% of a
 * ResNet-8 step for the standalone ReLU layers. Same values: dL/dz = dL/da where z &gt; 0, else 0 (the op's rule,
 * z = 0 included). Anything else (other types, views) goes to ND4J's op.
 */
public final class Relu extends ActivationReLU {
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        if (!dense(in) || !dense(epsilon) || !in.equalShapes(epsilon)) {
            return super.backprop(in, epsilon);
        }
        FloatBuffer z = buffer(in);
        FloatBuffer g = buffer(epsilon);
        int n = Math.toIntExact(in.length());
        float[] zs = new float[Math.min(n, 4096)];
        float[] gs = new float[zs.length];
        for (int from = 0; from < n; from += zs.length) {
            int len = Math.min(zs.length, n - from);
            z.get(from, zs, 0, len);
            g.get(from, gs, 0, len);
            for (int k = 0; k < len; k++) {
                zs[k] = zs[k] > 0f ? gs[k] : 0f;
            }
            z.put(from, zs, 0, len);
        }
        return new Pair<>(in, null);
    }

    private static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)
                && a.data().length() >= a.length() && a.length() > 0;
    }

    /** The array's elements in memory order (ND4J 1.0.0-M2: a dense array's data pointer is its first element). */
    private static FloatBuffer buffer(INDArray a) {
        org.bytedeco.javacpp.FloatPointer p = new org.bytedeco.javacpp.FloatPointer(a.data().addressPointer());
        p.limit(p.position() + a.length());
        return p.asBuffer();
    }

    @Override
    public String toString() {
        return "relu";
    }
}
