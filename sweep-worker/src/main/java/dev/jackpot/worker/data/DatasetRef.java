package dev.jackpot.worker.data;

import java.io.Serializable;
import java.util.List;

/**
 * Names a dataset and where its files are. {@code path} is empty for the bundled subset (read from the
 * classpath); otherwise a folder: a local path, or any Hadoop URI ({@code file:///...}, {@code hdfs://...},
 * {@code s3a://...}; see {@link DataFolder}). By format, the folder holds:
 * <ul>
 *   <li>{@code idx}: {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]},
 *       {@code t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]} (MNIST, Fashion-MNIST);</li>
 *   <li>{@code cifar10}: {@code data_batch_1.bin} .. {@code data_batch_5.bin} and {@code test_batch.bin}.</li>
 * </ul>
 *
 * @param name   the name the spec uses (part of the trial id)
 * @param format one of {@link #FORMATS}
 * @param path   folder of the files, or "" for the bundled subset
 */
public record DatasetRef(String name, String format, String path) implements Serializable {
    public static final String BUNDLED = "fashion-mnist-subset";
    public static final String IDX = "idx";
    public static final String CIFAR10 = "cifar10";
    public static final List<String> FORMATS = List.of(IDX, CIFAR10);

    public static DatasetRef bundled() {
        return new DatasetRef(BUNDLED, IDX, "");
    }

    public boolean isBundled() {
        return path.isEmpty();
    }
}
