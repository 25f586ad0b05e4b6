package dev.jackpot.worker.data;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training minibatches of one training run, gathered into buffers allocated once per batch size. Gives the
 * same batches as {@link Dataset#trainBatch} (a test checks it), without its per-step cost: {@code Nd4j.pullRows}
 * took 260-800 µs for 64 Fashion-MNIST rows and two fresh arrays per step, a row-by-row {@code memcpy} takes a few
 * microseconds (docs/BENCHMARKS.md).
 *
 * <p>The arrays returned are overwritten by the next call with the same batch size: a step must be done with them
 * before the next batch is read, as it is in {@code Trainer}. Not shared between threads (the {@link Dataset} is,
 * so each run has its own instance).
 */
public final class Minibatches {
    private final Dataset data;
    private final Rows features;
    private final Rows labels;
    private final Map<Integer, INDArray[]> buffers = new HashMap<>();

    public Minibatches(Dataset data) {
        this.data = data;
        this.features = Rows.of(data.trainFeatures());
        this.labels = Rows.of(data.trainLabels());
    }

    /** The rows given, in that order, augmented if the dataset augments; same contract as {@link Dataset#trainBatch}. */
    public DataSet batch(int[] rows, SplittableRandom random) {
        if (features == null || labels == null) {
            return data.trainBatch(rows, random);
        }
        INDArray[] xy = buffers.computeIfAbsent(rows.length, n -> new INDArray[] {
                Nd4j.create(data.trainFeatures().dataType(), n, data.trainFeatures().size(1)),
                Nd4j.create(data.trainLabels().dataType(), n, data.trainLabels().size(1))});
        features.gather(rows, xy[0]);
        labels.gather(rows, xy[1]);
        INDArray x = xy[0];
        if (data.augmentation() != null) {
            x = data.augmentation().apply(x, random);
        }
        return new DataSet(x, xy[1]);
    }

    /** Row copies out of one dense, row-major 2-d float array; null where the array is anything else. */
    private record Rows(INDArray source, BytePointer from, long rowBytes) {
        static Rows of(INDArray a) {
            boolean dense = a.rank() == 2 && a.ordering() == 'c' && !a.isView() && a.dataType() == DataType.FLOAT
                    && a.length() == a.data().length() && a.elementWiseStride() == 1;
            return dense ? new Rows(a, new BytePointer(a.data().addressPointer()), a.size(1) * 4L) : null;
        }

        void gather(int[] rows, INDArray into) {
            BytePointer to = new BytePointer(into.data().addressPointer());
            long n = source.rows();
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] < 0 || rows[i] >= n) {
                    throw new IndexOutOfBoundsException("row " + rows[i] + " of " + n);
                }
                Pointer.memcpy(to.position(i * rowBytes), from.position(rows[i] * rowBytes), rowBytes);
            }
        }
    }
}
