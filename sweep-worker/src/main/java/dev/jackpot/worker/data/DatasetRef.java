package dev.jackpot.worker.data;

import java.io.Serializable;

/**
 * Names a dataset and where its files are. {@code path} is empty for the bundled subset (read from the
 * classpath); otherwise a directory (any Hadoop-style URI or a local path) holding the four IDX files
 * {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-images-idx3-ubyte[.gz]},
 * {@code t10k-labels-idx1-ubyte[.gz]}.
 *
 * @param name   the name the spec uses (part of the trial id)
 * @param format only "idx" for now
 * @param path   directory of the files, or "" for the bundled subset
 */
public record DatasetRef(String name, String format, String path) implements Serializable {
    public static final String BUNDLED = "fashion-mnist-subset";

    public static DatasetRef bundled() {
        return new DatasetRef(BUNDLED, "idx", "");
    }

    public boolean isBundled() {
        return path.isEmpty();
    }
}
