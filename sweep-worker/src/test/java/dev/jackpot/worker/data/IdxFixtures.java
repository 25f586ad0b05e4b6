package dev.jackpot.worker.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds tiny IDX files with known contents for the data tests. */
final class IdxFixtures {
    static final int ROWS = 28;
    static final int COLS = 28;
    static final int[] TRAIN_CLASSES = {3, 0, 9, 3};
    static final int[] TEST_CLASSES = {1, 7};

    private IdxFixtures() {
    }

    /** The known value of pixel {@code p} of image {@code i}: covers 0..255, including 0 and 255. */
    static int pixel(int i, int p) {
        return (i * 31 + p) % 256;
    }

    static byte[] images(int count, int rows, int cols) {
        ByteBuffer buf = ByteBuffer.allocate(16 + count * rows * cols);
        buf.putInt(IdxFiles.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                buf.put((byte) pixel(i, p));
            }
        }
        return buf.array();
    }

    static byte[] labels(int... classes) {
        ByteBuffer buf = ByteBuffer.allocate(8 + classes.length);
        buf.putInt(IdxFiles.LABELS_MAGIC).putInt(classes.length);
        for (int c : classes) {
            buf.put((byte) c);
        }
        return buf.array();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes a valid dataset: train files gzipped (with .gz names), test files plain. */
    static Path writeDataset(Path dir) {
        write(dir.resolve(IdxFiles.TRAIN_IMAGES + ".gz"), gzip(images(TRAIN_CLASSES.length, ROWS, COLS)));
        write(dir.resolve(IdxFiles.TRAIN_LABELS + ".gz"), gzip(labels(TRAIN_CLASSES)));
        write(dir.resolve(IdxFiles.TEST_IMAGES), images(TEST_CLASSES.length, ROWS, COLS));
        write(dir.resolve(IdxFiles.TEST_LABELS), labels(TEST_CLASSES));
        return dir;
    }

    static Path write(Path file, byte[] data) {
        try {
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
