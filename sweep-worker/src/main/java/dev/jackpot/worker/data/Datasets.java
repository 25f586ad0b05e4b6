package dev.jackpot.worker.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loads the datasets that {@link DatasetRef}s name. */
public final class Datasets {
    /** Where {@code bin/make-bundled-subset} puts the bundled subset inside the worker jar. */
    public static final String BUNDLED_RESOURCE_FOLDER = "/datasets/" + DatasetRef.BUNDLED + "/";

    private static final String IDX = "idx";
    // A URI scheme of two or more characters followed by ":/" (hdfs://, s3a://, ...); excludes nothing a local
    // Linux path would plausibly start with.
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");

    // One copy per JVM: every trial running on an executor trains on the same read-only arrays instead of
    // re-reading and re-converting the files.
    private static final Map<DatasetRef, Dataset> CACHE = new ConcurrentHashMap<>();

    private Datasets() {
    }

    /**
     * Returns the dataset, reading it on first use and from the cache afterwards. Concurrent first calls for the
     * same ref read it once (the others wait). A failed load is not cached, so a later call tries again.
     *
     * @throws DatasetException if the dataset cannot be found, read or understood
     */
    public static Dataset load(DatasetRef ref) {
        return CACHE.computeIfAbsent(ref, r -> toDataset(r.name(), read(r)));
    }

    /**
     * Reads and validates the four files (headers, sizes, labels, counts) without converting them, so the driver
     * can reject a bad dataset before it starts any trial.
     *
     * @throws DatasetException if the dataset cannot be found, read or understood
     */
    public static void checkReadable(DatasetRef ref) {
        read(ref);
    }

    /**
     * As {@link #checkReadable}, and returns the features of one example (rows x cols), which the driver needs to
     * size the first layer of a network before anything runs.
     *
     * @throws DatasetException if the dataset cannot be found, read or understood
     */
    public static int checkedInputSize(DatasetRef ref) {
        return read(ref).trainImages().pixelsPerImage();
    }

    private static IdxFiles.Contents read(DatasetRef ref) {
        if (!IDX.equals(ref.format())) {
            throw new DatasetException("dataset " + ref.name() + " (" + describePath(ref) + "): format \""
                    + ref.format() + "\" is not supported, expected \"" + IDX + "\"");
        }
        return ref.isBundled()
                ? IdxFiles.readClasspath(BUNDLED_RESOURCE_FOLDER)
                : IdxFiles.readFolder(localFolder(ref.path()));
    }

    private static String describePath(DatasetRef ref) {
        return ref.isBundled() ? "classpath:" + BUNDLED_RESOURCE_FOLDER : ref.path();
    }

    /** A local path or a {@code file:} URI; remote file systems (HDFS, S3, ...) are not supported yet. */
    static Path localFolder(String path) {
        if (path.startsWith("file:")) {
            try {
                return Path.of(URI.create(path));
            } catch (IllegalArgumentException e) {
                throw new DatasetException("dataset folder " + path + ": expected a file: URI such as file:///data/x ("
                        + e.getMessage() + ")", e);
            }
        }
        if (URI_WITH_SCHEME.matcher(path).matches()) {
            throw new DatasetException("dataset folder " + path
                    + ": only local paths and file: URIs are supported for now");
        }
        return Path.of(path);
    }

    private static Dataset toDataset(String name, IdxFiles.Contents contents) {
        IdxFiles.Images train = contents.trainImages();
        return new Dataset(name,
                features(train), oneHot(contents.trainLabels()), contents.trainLabels(),
                features(contents.testImages()), oneHot(contents.testLabels()), contents.testLabels(),
                train.rows(), train.cols(), 1);
    }

    /** {@code [count, rows*cols]} float32, each pixel scaled from 0..255 to [0, 1]. */
    private static INDArray features(IdxFiles.Images images) {
        byte[] pixels = images.pixels();
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = (pixels[i] & 0xff) / 255f;
        }
        return Nd4j.create(scaled, new long[] {images.count(), images.pixelsPerImage()}, DataType.FLOAT);
    }

    /** {@code [count, 10]} float32 with a single 1 per row, in the column of the class. */
    private static INDArray oneHot(int[] classes) {
        float[] data = new float[classes.length * IdxFiles.NUM_CLASSES];
        for (int i = 0; i < classes.length; i++) {
            data[i * IdxFiles.NUM_CLASSES + classes[i]] = 1f;
        }
        return Nd4j.create(data, new long[] {classes.length, IdxFiles.NUM_CLASSES}, DataType.FLOAT);
    }
}
