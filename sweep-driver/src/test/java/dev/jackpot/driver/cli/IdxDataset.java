package dev.jackpot.driver.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small IDX datasets (valid, or broken in one chosen way) for the CLI tests. */
final class IdxDataset {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private IdxDataset() {}

    /** A valid dataset of 28x28 images: {@code train} training and {@code test} test examples. */
    static Path write(Path folder, int train, int test) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(TRAIN_IMAGES), images(train));
            Files.write(folder.resolve(TRAIN_LABELS), labels(train, 0));
            Files.write(folder.resolve(TEST_IMAGES), images(test));
            Files.write(folder.resolve(TEST_LABELS), labels(test, 0));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] images(int count) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * 784);
        b.putInt(0x803).putInt(count).putInt(28).putInt(28);
        for (int i = 0; i < count * 784; i++) b.put((byte) (i * 7));
        return b.array();
    }

    /** Labels 0..9 in turn, each plus {@code offset} (an offset of 10 or more makes invalid labels). */
    static byte[] labels(int count, int offset) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) b.put((byte) (i % 10 + offset));
        return b.array();
    }
}
