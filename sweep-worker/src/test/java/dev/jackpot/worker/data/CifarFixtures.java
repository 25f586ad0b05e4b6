package dev.jackpot.worker.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes tiny CIFAR-10 binary files (3,073-byte records) with known contents, for tests of any package. */
public final class CifarFixtures {
    public static final int RECORD = 3073;

    private CifarFixtures() {
    }

    /** The known value of byte {@code p} (0..3071) of training image {@code i}: covers 0..255. */
    public static int pixel(int i, int p) {
        return (i * 37 + p * 7) % 256;
    }

    /** The label of training image {@code i} (over all five batches, in order). */
    public static int trainLabel(int i) {
        return (3 * i + 1) % 10;
    }

    /** The label of test image {@code i}. */
    public static int testLabel(int i) {
        return (7 * i) % 10;
    }

    /**
     * Writes {@code data_batch_1..5.bin} with {@code perBatch} records each and {@code test_batch.bin} with
     * {@code testCount}; test image i has the pixels of training image 1000 + i.
     */
    public static Path writeDataset(Path dir, int perBatch, int testCount) {
        for (int b = 0; b < 5; b++) {
            int[] labels = new int[perBatch];
            int[] images = new int[perBatch];
            for (int k = 0; k < perBatch; k++) {
                images[k] = b * perBatch + k;
                labels[k] = trainLabel(images[k]);
            }
            write(dir.resolve("data_batch_" + (b + 1) + ".bin"), records(images, labels));
        }
        int[] labels = new int[testCount];
        int[] images = new int[testCount];
        for (int k = 0; k < testCount; k++) {
            images[k] = 1000 + k;
            labels[k] = testLabel(k);
        }
        write(dir.resolve("test_batch.bin"), records(images, labels));
        return dir;
    }

    /** Records whose pixels are those of the given image numbers. */
    public static byte[] records(int[] images, int[] labels) {
        byte[] out = new byte[images.length * RECORD];
        for (int k = 0; k < images.length; k++) {
            out[k * RECORD] = (byte) labels[k];
            for (int p = 0; p < RECORD - 1; p++) {
                out[k * RECORD + 1 + p] = (byte) pixel(images[k], p);
            }
        }
        return out;
    }

    public static Path write(Path file, byte[] data) {
        try {
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
