package dev.jackpot.worker.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

class CifarFilesTest {
    private static final int PER_BATCH = 3;
    private static final int TEST = 4;
    // The CIFAR-10 training-set statistics, written out here rather than read from the code under test.
    private static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] STD = {0.2470f, 0.2435f, 0.2616f};

    @TempDir
    Path dir;

    private DatasetRef fixture() {
        return new DatasetRef("cifar-fixture", "cifar10", CifarFixtures.writeDataset(dir, PER_BATCH, TEST).toString());
    }

    @Test
    void loadsShapesLabelsAndNormalisedValues() {
        Dataset d = Datasets.load(fixture());

        assertArrayEquals(new long[] {15, 3072}, d.trainFeatures().shape());
        assertArrayEquals(new long[] {4, 3072}, d.testFeatures().shape());
        assertArrayEquals(new long[] {15, 10}, d.trainLabels().shape());
        assertEquals(DataType.FLOAT, d.trainFeatures().dataType());
        assertEquals(3, d.channels());
        assertEquals(32, d.rows());
        assertEquals(32, d.cols());
        for (int i = 0; i < 15; i++) {
            assertEquals(CifarFixtures.trainLabel(i), d.trainClasses()[i], "train label " + i);
            assertEquals(1f, d.trainLabels().getFloat(i, CifarFixtures.trainLabel(i)));
            assertEquals(1.0, d.trainLabels().getRow(i).sumNumber().doubleValue());
        }
        for (int i = 0; i < TEST; i++) {
            assertEquals(CifarFixtures.testLabel(i), d.testClasses()[i], "test label " + i);
        }
        assertNormalised(d.trainFeatures(), 0);
        assertNormalised(d.testFeatures(), 1000);
        assertNotNull(d.augmentation(), "CIFAR training batches are augmented");
    }

    /** Feature p of row i is byte p of the record: red plane (p < 1024), then green, then blue. */
    private static void assertNormalised(INDArray features, int firstImage) {
        for (int i = 0; i < features.rows(); i++) {
            float[] row = features.getRow(i).toFloatVector();
            for (int p = 0; p < row.length; p++) {
                int c = p / 1024;
                float expected = (CifarFixtures.pixel(firstImage + i, p) / 255f - MEAN[c]) / STD[c];
                assertEquals(expected, row[p], 1e-5f, "image " + i + " byte " + p);
            }
        }
    }

    @Test
    void imagesOnBothSidesOfAConversionChunkAreRight() {
        // 5 x 201 images: the conversion works in chunks of 1000 images, so rows 999 and 1000 are in different ones.
        CifarFixtures.writeDataset(dir, 201, 1);
        Dataset d = Datasets.load(new DatasetRef("cifar-1005", "cifar10", dir.toString()));
        assertEquals(1005, d.trainSize());
        int[] rows = {0, 998, 999, 1000, 1004};
        INDArray picked = org.nd4j.linalg.factory.Nd4j.pullRows(d.trainFeatures(), 1, rows);
        for (int k = 0; k < rows.length; k++) {
            float[] row = picked.getRow(k).toFloatVector();
            for (int p = 0; p < row.length; p++) {
                int c = p / 1024;
                assertEquals((CifarFixtures.pixel(rows[k], p) / 255f - MEAN[c]) / STD[c], row[p], 1e-5f,
                        "image " + rows[k] + " byte " + p);
            }
        }
    }

    @Test
    void normalisedBlackAndWhiteAreTheExpectedExtremes() {
        Dataset d = Datasets.load(fixture());
        // The fixture holds 0 and 255 in every channel: min and max per channel are (0 - mean)/std, (1 - mean)/std.
        for (int c = 0; c < 3; c++) {
            INDArray plane = d.trainFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(c * 1024, (c + 1) * 1024));
            assertEquals(-MEAN[c] / STD[c], plane.minNumber().floatValue(), 1e-5f, "channel " + c);
            assertEquals((1 - MEAN[c]) / STD[c], plane.maxNumber().floatValue(), 1e-5f, "channel " + c);
        }
    }

    @Test
    void truncatedFileFailsNamingItAndTheExpectedSize() {
        DatasetRef ref = fixture();
        CifarFixtures.write(dir.resolve("data_batch_3.bin"), new byte[1234]);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(ref));
        assertEquals(dir + "/data_batch_3.bin: expected a multiple of 3073 bytes (10000 records), found 1234",
                e.getMessage());
    }

    @Test
    void emptyFileFails() {
        DatasetRef ref = fixture();
        CifarFixtures.write(dir.resolve("test_batch.bin"), new byte[0]);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.checkReadable(ref));
        assertEquals(dir + "/test_batch.bin: expected a multiple of 3073 bytes (10000 records), found 0",
                e.getMessage());
    }

    @Test
    void batchCutAtARecordBoundaryFails() throws Exception {
        DatasetRef ref = fixture();
        Path batch = dir.resolve("data_batch_5.bin");
        CifarFixtures.write(batch, Arrays.copyOf(Files.readAllBytes(batch), 2 * 3073));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(ref));
        assertEquals(dir + "/data_batch_5.bin: 2 records, but data_batch_1.bin has 3; the training batches must "
                + "be equal (a truncated copy?)", e.getMessage());
    }

    @Test
    void labelOutOfRangeIsNamedWithItsRecord() {
        DatasetRef ref = fixture();
        byte[] records = CifarFixtures.records(new int[] {0, 1, 2}, new int[] {4, 10, 0});
        CifarFixtures.write(dir.resolve("data_batch_2.bin"), records);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(ref));
        assertEquals(dir + "/data_batch_2.bin: expected labels 0..9, found 10 in record 1 (byte 3073)",
                e.getMessage());
    }

    @Test
    void missingFileIsNamedWithWhatTheFolderShouldHold() throws Exception {
        DatasetRef ref = fixture();
        Files.delete(dir.resolve("data_batch_4.bin"));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(ref));
        assertTrue(e.getMessage().startsWith("data_batch_4.bin not found in dataset folder " + dir + " (expected "
                + "data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin and "
                + "test_batch.bin"), e.getMessage());
    }

    @Test
    void idxFolderReadAsCifarSaysWhatIsMissing() {
        IdxFixtures.writeDataset(dir);
        DatasetRef ref = new DatasetRef("wrong-format", "cifar10", dir.toString());
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(ref));
        assertTrue(e.getMessage().startsWith("data_batch_1.bin not found in dataset folder " + dir), e.getMessage());
    }

    @Test
    void readsThroughAHadoopFileUri() {
        CifarFixtures.writeDataset(dir, PER_BATCH, TEST);
        String uri = dir.toUri().toString();
        assertTrue(uri.startsWith("file:///"), uri);
        Dataset d = Datasets.load(new DatasetRef("by-uri", "cifar10", uri));
        assertEquals(15, d.trainSize());
        assertEquals(TEST, d.testSize());
        assertNormalised(d.testFeatures(), 1000);
    }

    @Test
    void loadsOncePerJvm() {
        DatasetRef ref = fixture();
        assertSame(Datasets.load(ref), Datasets.load(new DatasetRef(ref.name(), ref.format(), ref.path())));
    }

    @Test
    void missingFolderIsNamed() {
        Path missing = dir.resolve("nowhere");
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.load(new DatasetRef("x", "cifar10", missing.toString())));
        assertEquals("dataset folder " + missing + " does not exist", e.getMessage());
    }
}
