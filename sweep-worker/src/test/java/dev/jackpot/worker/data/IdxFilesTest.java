package dev.jackpot.worker.data;

import static dev.jackpot.worker.data.IdxFixtures.COLS;
import static dev.jackpot.worker.data.IdxFixtures.ROWS;
import static dev.jackpot.worker.data.IdxFixtures.TEST_CLASSES;
import static dev.jackpot.worker.data.IdxFixtures.TRAIN_CLASSES;
import static dev.jackpot.worker.data.IdxFixtures.gzip;
import static dev.jackpot.worker.data.IdxFixtures.images;
import static dev.jackpot.worker.data.IdxFixtures.labels;
import static dev.jackpot.worker.data.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {
    @TempDir
    Path dir;

    private static IdxFiles.Images readImages(byte[] data, String name) {
        return IdxFiles.readImages(new ByteArrayInputStream(data), name);
    }

    private static int[] readLabels(byte[] data, String name) {
        return IdxFiles.readLabels(new ByteArrayInputStream(data), name);
    }

    private static void assertMessageContains(DatasetException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "\"" + part + "\" not in: " + e.getMessage());
        }
        assertTrue(!e.getMessage().contains("\n"), "message is one line");
    }

    @Test
    void readsPlainAndGzippedImagesAlike() {
        byte[] plain = images(4, ROWS, COLS);
        for (byte[] data : new byte[][] {plain, gzip(plain)}) {
            IdxFiles.Images images = readImages(data, "x");
            assertEquals(4, images.count());
            assertEquals(28, images.rows());
            assertEquals(28, images.cols());
            assertArrayEquals(Arrays.copyOfRange(plain, 16, plain.length), images.pixels());
        }
    }

    @Test
    void readsPlainAndGzippedLabelsAlike() {
        byte[] plain = labels(TRAIN_CLASSES);
        assertArrayEquals(TRAIN_CLASSES, readLabels(plain, "x"));
        assertArrayEquals(TRAIN_CLASSES, readLabels(gzip(plain), "x"));
    }

    @Test
    void detectsGzipByContentNotByName() {
        write(dir.resolve(IdxFiles.TRAIN_IMAGES), gzip(images(4, ROWS, COLS)));   // gzipped, no .gz
        write(dir.resolve(IdxFiles.TRAIN_LABELS + ".gz"), labels(TRAIN_CLASSES)); // plain, named .gz
        write(dir.resolve(IdxFiles.TEST_IMAGES), images(2, ROWS, COLS));
        write(dir.resolve(IdxFiles.TEST_LABELS), labels(TEST_CLASSES));

        IdxFiles.Contents contents = IdxFiles.readFolder(DataFolder.at(dir.toString()));

        assertEquals(4, contents.trainImages().count());
        assertArrayEquals(TRAIN_CLASSES, contents.trainLabels());
        assertArrayEquals(TEST_CLASSES, contents.testLabels());
    }

    @Test
    void wrongMagicNamesFileAndBothMagics() {
        byte[] imagesInsteadOfLabels = images(4, ROWS, COLS);
        DatasetException e = assertThrows(DatasetException.class,
                () -> readLabels(gzip(imagesInsteadOfLabels), "t10k-labels-idx1-ubyte.gz"));
        assertEquals("t10k-labels-idx1-ubyte.gz: expected IDX magic 0x00000801 (labels), found 0x00000803 (images)",
                e.getMessage());
    }

    @Test
    void unknownMagicIsReported() {
        byte[] data = images(1, 2, 2);
        data[2] = 0x0d; // 0x00000d03: IDX floats
        DatasetException e = assertThrows(DatasetException.class, () -> readImages(data, "imgs"));
        assertMessageContains(e, "imgs", "0x00000803", "0x00000d03");
    }

    @Test
    void truncatedImagesNameFileAndSizes() {
        byte[] full = images(4, ROWS, COLS);
        byte[] truncated = Arrays.copyOf(full, 1000);
        DatasetException e = assertThrows(DatasetException.class,
                () -> readImages(gzip(truncated), "train-images-idx3-ubyte"));
        assertEquals("train-images-idx3-ubyte: truncated: header says 4 images of 28x28 = 3152 bytes, "
                + "file has 1000 bytes", e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() {
        byte[] truncated = Arrays.copyOf(images(4, ROWS, COLS), 10);
        DatasetException e = assertThrows(DatasetException.class, () -> readImages(truncated, "imgs"));
        assertMessageContains(e, "imgs", "truncated", "16 bytes", "10 bytes");
    }

    @Test
    void emptyFileIsReported() {
        DatasetException e = assertThrows(DatasetException.class, () -> readLabels(new byte[0], "labels"));
        assertMessageContains(e, "labels", "truncated");
    }

    @Test
    void trailingBytesAreReported() {
        byte[] longer = Arrays.copyOf(labels(TRAIN_CLASSES), 8 + 4 + 3);
        DatasetException e = assertThrows(DatasetException.class, () -> readLabels(longer, "lbl"));
        assertEquals("lbl: trailing bytes: header says 4 labels = 12 bytes, file has 15 bytes", e.getMessage());
    }

    @Test
    void labelOutsideTenClassesIsReported() {
        DatasetException e = assertThrows(DatasetException.class, () -> readLabels(labels(1, 2, 10), "lbl"));
        assertEquals("lbl: expected labels 0..9, found 10 at index 2", e.getMessage());
    }

    @Test
    void corruptGzipIsReported() {
        byte[] gz = gzip(labels(TRAIN_CLASSES));
        byte[] corrupt = Arrays.copyOf(gz, gz.length / 2);
        DatasetException e = assertThrows(DatasetException.class, () -> readLabels(corrupt, "lbl.gz"));
        assertMessageContains(e, "lbl.gz");
    }

    @Test
    void labelCountDifferentFromImageCountIsReported() {
        IdxFixtures.writeDataset(dir);
        write(dir.resolve(IdxFiles.TRAIN_LABELS + ".gz"), gzip(labels(3, 0, 9)));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFiles.readFolder(DataFolder.at(dir.toString())));
        assertEquals("train images and labels differ in count: 4 images, 3 labels (folder " + dir + ")",
                e.getMessage());
    }

    @Test
    void testImagesOfAnotherSizeAreReported() {
        IdxFixtures.writeDataset(dir);
        write(dir.resolve(IdxFiles.TEST_IMAGES), images(2, 32, 32));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFiles.readFolder(DataFolder.at(dir.toString())));
        assertMessageContains(e, "32x32", "28x28", dir.toString());
    }

    @Test
    void missingFolderIsNamed() {
        Path missing = dir.resolve("no-such-folder");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFiles.readFolder(DataFolder.at(missing.toString())));
        assertEquals("dataset folder " + missing + " does not exist", e.getMessage());
    }

    @Test
    void missingFileIsNamedWithItsFolder() throws Exception {
        IdxFixtures.writeDataset(dir);
        Files.delete(dir.resolve(IdxFiles.TEST_LABELS));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFiles.readFolder(DataFolder.at(dir.toString())));
        assertMessageContains(e, IdxFiles.TEST_LABELS, dir.toString(), "not found");
    }

    @Test
    void errorsInFolderFilesNameTheFullPath() {
        IdxFixtures.writeDataset(dir);
        Path testImages = write(dir.resolve(IdxFiles.TEST_IMAGES), Arrays.copyOf(images(2, ROWS, COLS), 100));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFiles.readFolder(DataFolder.at(dir.toString())));
        assertMessageContains(e, testImages.toString() + ": truncated");
    }
}
