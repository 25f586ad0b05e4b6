package dev.jackpot.worker.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loads the datasets that {@link DatasetRef}s name. */
public final class Datasets {
    /** Where {@code bin/make-bundled-subset} puts the bundled subset inside the worker jar. */
    public static final String BUNDLED_RESOURCE_FOLDER = "/datasets/" + DatasetRef.BUNDLED + "/";

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
        return CACHE.computeIfAbsent(ref, Datasets::read);
    }

    /**
     * Reads and validates the files (headers, sizes, labels, counts) without converting them, so the driver
     * can reject a bad dataset before it starts any trial.
     *
     * @throws DatasetException if the dataset cannot be found, read or understood
     */
    public static void checkReadable(DatasetRef ref) {
        checkedShape(ref);
    }

    /** The shape of one example: channels x rows x cols. */
    public record Shape(int channels, int rows, int cols) {
    }

    /**
     * As {@link #checkReadable}, and returns the shape of one example, which the driver needs to size a network's
     * layers before anything runs.
     *
     * @throws DatasetException if the dataset cannot be found, read or understood
     */
    public static Shape checkedShape(DatasetRef ref) {
        checkFormat(ref);
        if (DatasetRef.CIFAR10.equals(ref.format())) {
            CifarFiles.readFolder(DataFolder.at(ref.path()));
            return new Shape(CifarFiles.CHANNELS, CifarFiles.SIDE, CifarFiles.SIDE);
        }
        IdxFiles.Images train = readIdx(ref).trainImages();
        return new Shape(1, train.rows(), train.cols());
    }

    private static Dataset read(DatasetRef ref) {
        checkFormat(ref);
        if (DatasetRef.CIFAR10.equals(ref.format())) {
            return Cifar10.toDataset(ref.name(), CifarFiles.readFolder(DataFolder.at(ref.path())));
        }
        return idxDataset(ref.name(), readIdx(ref));
    }

    private static void checkFormat(DatasetRef ref) {
        boolean known = DatasetRef.FORMATS.contains(ref.format());
        if (!known || (ref.isBundled() && !DatasetRef.IDX.equals(ref.format()))) {
            throw new DatasetException("dataset " + ref.name() + " (" + describePath(ref) + "): format \""
                    + ref.format() + "\" is not supported, expected " + (ref.isBundled() ? "\"idx\""
                    : "one of " + String.join(", ", DatasetRef.FORMATS)));
        }
    }

    private static IdxFiles.Contents readIdx(DatasetRef ref) {
        return ref.isBundled()
                ? IdxFiles.readClasspath(BUNDLED_RESOURCE_FOLDER)
                : IdxFiles.readFolder(DataFolder.at(ref.path()));
    }

    private static String describePath(DatasetRef ref) {
        return ref.isBundled() ? "classpath:" + BUNDLED_RESOURCE_FOLDER : ref.path();
    }

    private static Dataset idxDataset(String name, IdxFiles.Contents contents) {
        IdxFiles.Images train = contents.trainImages();
        return new Dataset(name,
                features(train), OneHot.of(contents.trainLabels(), IdxFiles.NUM_CLASSES), contents.trainLabels(),
                features(contents.testImages()), OneHot.of(contents.testLabels(), IdxFiles.NUM_CLASSES),
                contents.testLabels(), train.rows(), train.cols(), 1);
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
}
