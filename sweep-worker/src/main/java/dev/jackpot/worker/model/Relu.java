package dev.jackpot.worker.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

import org.bytedeco.javacpp.FloatPointer;

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
        FloatPointer z = pointer(in);
        FloatPointer g = pointer(epsilon);
        int n = Math.toIntExact(in.length());
        float[] zs = new float[Math.min(n, 4096)];
        float[] gs = new float[zs.length];
        for (int from = 0; from < n; from += zs.length) {
            int len = Math.min(zs.length, n - from);
            z.position(from).get(zs, 0, len);
            g.position(from).get(gs, 0, len);
            for (int k = 0; k < len; k++) {
                // Branch-free "z > 0 ? g : 0" (signs are random, so a branch mispredicts half the time: the
                // reason ND4J's op and a plain ternary both took ~6 ns a value).
                zs[k] = Float.intBitsToFloat(Float.floatToRawIntBits(gs[k])
                        & positive(Float.floatToRawIntBits(zs[k])));
            }
            z.position(from).put(zs, 0, len);
        }
        return new Pair<>(in, null);
    }

    /**
     * All ones when {@code bits} are those of a float greater than zero (a positive int below +NaN's bits), else
     * zero: {@code bits & positive(bits)} is {@code v > 0f ? v : 0f} to the bit, without a branch.
     */
    public static int positive(int bits) {
        return ((-bits & ~bits) & (bits - 0x7f800001)) >> 31;
    }

    private static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)
                && a.data().length() >= a.length() && a.length() > 0;
    }

    /** The array's first element (ND4J 1.0.0-M2: a dense array's data pointer starts there). */
    private static FloatPointer pointer(INDArray a) {
        return new FloatPointer(a.data().addressPointer());
    }

    @Override
    public String toString() {
        return "relu";
    }
}
