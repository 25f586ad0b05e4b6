package dev.jackpot.worker.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads CIFAR-10 in its binary format (the "binary version" archive, folder {@code cifar-10-batches-bin}): files
 * {@code data_batch_1.bin} .. {@code data_batch_5.bin} for training and {@code test_batch.bin} for testing, each a
 * sequence of 3,073-byte records: the label (0..9), then 3,072 pixel bytes, the 32x32 red plane, then green, then
 * blue, each row-major.
 *
 * <p>Everything is validated (length, labels, equal training batches) so that a bad or truncated file fails here
 * with a message naming it, rather than as a shape error deep inside training.
 */
public final class CifarFiles {
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** Records per file in the real dataset; smaller files are accepted (test fixtures, subsets). */
    public static final int RECORDS_PER_FILE = 10_000;
    public static final int NUM_CLASSES = 10;
    public static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";

    private CifarFiles() {
    }

    /**
     * Images as stored: image {@code i} is {@code pixels[i*3072 .. (i+1)*3072)} in the file's plane order,
     * unsigned (read a pixel with {@code & 0xff}); {@code classes[i]} is its label.
     */
    public record Images(int count, byte[] pixels, int[] classes) {
    }

    /** The training batches, concatenated in file order, and the test batch. */
    public record Contents(Images train, Images test) {
    }

    /** Reads and validates the six files of a folder. */
    public static Contents readFolder(DataFolder folder) {
        Images[] batches = new Images[TRAIN_FILES.size()];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = readFile(folder, TRAIN_FILES.get(b));
            // A copy cut at a record boundary passes the length check; unequal batches give it away.
            if (batches[b].count() != batches[0].count()) {
                throw new DatasetException(folder.describe(TRAIN_FILES.get(b)) + ": " + batches[b].count()
                        + " records, but " + TRAIN_FILES.get(0) + " has " + batches[0].count()
                        + "; the training batches must be equal (a truncated copy?)");
            }
        }
        return new Contents(concat(batches), readFile(folder, TEST_FILE));
    }

    /** Reads one file of records from a folder. */
    static Images readFile(DataFolder folder, String fileName) {
        String name = folder.describe(fileName);
        if (!folder.hasFile(fileName)) {
            throw new DatasetException(fileName + " not found in dataset folder " + folder + " (expected "
                    + String.join(", ", TRAIN_FILES) + " and " + TEST_FILE
                    + ", the files of cifar-10-batches-bin/ in the CIFAR-10 binary archive)");
        }
        try (InputStream in = folder.open(fileName)) {
            return readRecords(in, folder.length(fileName), name);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e, e);
        }
    }

    /** Reads {@code length} bytes of records from {@code in}; {@code name} is used in messages. */
    static Images readRecords(InputStream in, long length, String name) throws IOException {
        if (length == 0 || length % RECORD_BYTES != 0) {
            throw new DatasetException(name + ": expected a multiple of " + RECORD_BYTES + " bytes ("
                    + RECORDS_PER_FILE + " records), found " + length);
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new DatasetException(name + ": " + length + " bytes, more than the 2 GiB one file may hold");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) { // changed while we read it
            throw new DatasetException(name + ": expected " + length + " bytes, could read " + bytes.length);
        }
        int count = (int) (length / RECORD_BYTES);
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] classes = new int[count];
        for (int i = 0; i < count; i++) {
            int label = bytes[i * RECORD_BYTES] & 0xff;
            if (label >= NUM_CLASSES) {
                throw new DatasetException(name + ": expected labels 0.." + (NUM_CLASSES - 1) + ", found " + label
                        + " in record " + i + " (byte " + (long) i * RECORD_BYTES + ")");
            }
            classes[i] = label;
            System.arraycopy(bytes, i * RECORD_BYTES + 1, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
        }
        return new Images(count, pixels, classes);
    }

    private static Images concat(Images[] parts) {
        int count = 0;
        for (Images p : parts) {
            count += p.count();
        }
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] classes = new int[count];
        int at = 0;
        for (Images p : parts) {
            System.arraycopy(p.pixels(), 0, pixels, at * IMAGE_BYTES, p.count() * IMAGE_BYTES);
            System.arraycopy(p.classes(), 0, classes, at, p.count());
            at += p.count();
        }
        return new Images(count, pixels, classes);
    }
}
