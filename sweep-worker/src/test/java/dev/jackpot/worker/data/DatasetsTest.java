package dev.jackpot.worker.data;

import static dev.jackpot.worker.data.IdxFixtures.COLS;
import static dev.jackpot.worker.data.IdxFixtures.ROWS;
import static dev.jackpot.worker.data.IdxFixtures.TEST_CLASSES;
import static dev.jackpot.worker.data.IdxFixtures.TRAIN_CLASSES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DatasetsTest {
    @TempDir
    Path dir;

    private DatasetRef fixture() {
        return new DatasetRef("fixture", "idx", IdxFixtures.writeDataset(dir).toString());
    }

    @Test
    void loadsShapesAndTypes() {
        Dataset d = Datasets.load(fixture());

        assertEquals("fixture", d.name());
        assertArrayEquals(new long[] {4, 784}, d.trainFeatures().shape());
        assertArrayEquals(new long[] {4, 10}, d.trainLabels().shape());
        assertArrayEquals(new long[] {2, 784}, d.testFeatures().shape());
        assertArrayEquals(new long[] {2, 10}, d.testLabels().shape());
        for (INDArray a : new INDArray[] {d.trainFeatures(), d.trainLabels(), d.testFeatures(), d.testLabels()}) {
            assertEquals(DataType.FLOAT, a.dataType());
        }
        assertEquals(4, d.trainSize());
        assertEquals(2, d.testSize());
        assertEquals(10, d.numClasses());
        assertEquals(ROWS, d.rows());
        assertEquals(COLS, d.cols());
        assertEquals(1, d.channels());
    }

    @Test
    void labelsAreExactOneHot() {
        Dataset d = Datasets.load(fixture());

        assertArrayEquals(TRAIN_CLASSES, d.trainClasses());
        assertArrayEquals(TEST_CLASSES, d.testClasses());
        assertOneHot(TRAIN_CLASSES, d.trainLabels());
        assertOneHot(TEST_CLASSES, d.testLabels());
    }

    private static void assertOneHot(int[] classes, INDArray oneHot) {
        for (int i = 0; i < classes.length; i++) {
            float[] expected = new float[10];
            expected[classes[i]] = 1f;
            assertArrayEquals(expected, oneHot.getRow(i).toFloatVector(), "row " + i);
        }
    }

    @Test
    void pixelsAreScaledExactly() {
        Dataset d = Datasets.load(fixture());

        assertPixels(d.trainFeatures());
        assertPixels(d.testFeatures());
        // The fixture has both extremes: 0 -> 0.0 and 255 -> 1.0.
        assertEquals(0f, d.trainFeatures().getFloat(0, 0));
        assertEquals(1f, d.trainFeatures().getFloat(0, 255));
    }

    private static void assertPixels(INDArray features) {
        for (int i = 0; i < features.rows(); i++) {
            float[] row = features.getRow(i).toFloatVector();
            for (int p = 0; p < row.length; p++) {
                assertEquals(IdxFixtures.pixel(i, p) / 255f, row[p], "image " + i + " pixel " + p);
            }
        }
    }

    @Test
    void sameRefLoadsOnce() {
        DatasetRef ref = fixture();
        assertSame(Datasets.load(ref), Datasets.load(new DatasetRef(ref.name(), ref.format(), ref.path())));
    }

    @Test
    void acceptsFileUri() {
        IdxFixtures.writeDataset(dir);
        Dataset d = Datasets.load(new DatasetRef("by-uri", "idx", dir.toUri().toString()));
        assertEquals(4, d.trainSize());
    }

    @Test
    void aUriWhoseFileSystemIsUnknownIsNamed() {
        // Any Hadoop scheme is tried (hdfs://, s3a://); one without a connector on the classpath fails clearly.
        DatasetRef ref = new DatasetRef("remote", "idx", "nosuchfs://namenode/data/fashion");
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(ref));
        assertTrue(e.getMessage().startsWith("dataset folder nosuchfs://namenode/data/fashion: cannot open its file "
                + "system"), e.getMessage());
        assertTrue(e.getMessage().contains("nosuchfs"), e.getMessage());
    }

    @Test
    void rejectsOtherFormats() {
        DatasetRef ref = new DatasetRef("csv-data", "csv", "/data/x");
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.checkReadable(ref));
        assertEquals("dataset csv-data (/data/x): format \"csv\" is not supported, expected one of idx, cifar10",
                e.getMessage());
    }

    @Test
    void missingFolderIsNamed() {
        Path missing = dir.resolve("nowhere");
        DatasetRef ref = new DatasetRef("missing", "idx", missing.toString());
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(ref));
        assertEquals("dataset folder " + missing + " does not exist", e.getMessage());
    }

    @Test
    void failedLoadIsNotCached() throws Exception {
        Path later = dir.resolve("later");
        DatasetRef ref = new DatasetRef("later", "idx", later.toString());
        assertThrows(DatasetException.class, () -> Datasets.load(ref));

        IdxFixtures.writeDataset(Files.createDirectory(later));
        assertEquals(4, Datasets.load(ref).trainSize());
    }

    @Test
    void checkReadableAcceptsGoodAndRejectsBadFiles() {
        DatasetRef ref = fixture();
        Datasets.checkReadable(ref);
        Datasets.checkReadable(DatasetRef.bundled());

        IdxFixtures.write(dir.resolve(IdxFiles.TEST_LABELS), IdxFixtures.labels(1));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.checkReadable(ref));
        assertEquals("test images and labels differ in count: 2 images, 1 labels (folder " + dir + ")",
                e.getMessage());
    }

    @Test
    void bundledSubsetIsBalancedAndScaled() {
        Dataset d = Datasets.load(DatasetRef.bundled());

        assertEquals(DatasetRef.BUNDLED, d.name());
        assertArrayEquals(new long[] {6000, 784}, d.trainFeatures().shape());
        assertArrayEquals(new long[] {1000, 784}, d.testFeatures().shape());
        assertArrayEquals(filled(600), countPerClass(d.trainClasses()));
        assertArrayEquals(filled(100), countPerClass(d.testClasses()));
        // The one-hot labels agree with the classes: column sums are the per-class counts.
        assertArrayEquals(floats(filled(600)), d.trainLabels().sum(0).toFloatVector());
        assertArrayEquals(floats(filled(100)), d.testLabels().sum(0).toFloatVector());
        for (INDArray features : new INDArray[] {d.trainFeatures(), d.testFeatures()}) {
            assertEquals(0.0, features.minNumber().doubleValue());
            assertEquals(1.0, features.maxNumber().doubleValue());
        }
        assertSame(d, Datasets.load(DatasetRef.bundled()));
    }

    private static int[] countPerClass(int[] classes) {
        int[] counts = new int[10];
        for (int c : classes) {
            counts[c]++;
        }
        return counts;
    }

    private static int[] filled(int value) {
        int[] a = new int[10];
        Arrays.fill(a, value);
        return a;
    }

    private static float[] floats(int[] ints) {
        float[] f = new float[ints.length];
        for (int i = 0; i < ints.length; i++) {
            f[i] = ints[i];
        }
        return f;
    }
}
