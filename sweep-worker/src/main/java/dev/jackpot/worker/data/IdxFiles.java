package dev.jackpot.worker.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * Reads datasets in the IDX format of MNIST and Fashion-MNIST: a big-endian header (a magic number, then one int
 * per dimension) followed by the data as unsigned bytes. Files may be gzipped or plain; gzip is recognised by its
 * magic bytes, not by the file name, since downloads are often renamed or already unpacked.
 *
 * <p>Everything is validated (magic, dimensions, exact length, label values) so that a bad file fails here with a
 * message naming it, rather than as a shape error deep inside training.
 */
public final class IdxFiles {
    /** Unsigned bytes, 3 dimensions: count, rows, cols. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes, 1 dimension: count. */
    public static final int LABELS_MAGIC = 0x00000801;
    public static final int NUM_CLASSES = 10;

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private static final String GZ = ".gz";

    private IdxFiles() {
    }

    /**
     * Images as stored in the file: image {@code i} is {@code pixels[i*rows*cols .. (i+1)*rows*cols)}, row-major,
     * unsigned (read a pixel with {@code & 0xff}).
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public int pixelsPerImage() {
            return rows * cols;
        }
    }

    /** The four files of a dataset, each validated and checked against the others. */
    public record Contents(Images trainImages, int[] trainLabels, Images testImages, int[] testLabels) {
    }

    /** Reads an IDX image file; {@code name} is used in messages. Does not close {@code in}. */
    public static Images readImages(InputStream in, String name) {
        try {
            InputStream data = gunzipIfNeeded(in);
            int[] dims = readHeader(data, name, IMAGES_MAGIC, "images", 3);
            int count = dims[0], rows = dims[1], cols = dims[2];
            String what = count + " images of " + rows + "x" + cols;
            byte[] pixels = readBody(data, name, what, 16, (long) count * rows * cols);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw cannotRead(name, e);
        }
    }

    /** Reads an IDX label file, checking every label is a class 0..9. Does not close {@code in}. */
    public static int[] readLabels(InputStream in, String name) {
        try {
            InputStream data = gunzipIfNeeded(in);
            int count = readHeader(data, name, LABELS_MAGIC, "labels", 1)[0];
            byte[] bytes = readBody(data, name, count + " labels", 8, count);
            return toClasses(bytes, name);
        } catch (IOException e) {
            throw cannotRead(name, e);
        }
    }

    /** Reads the four files from a folder; each may be named with or without {@code .gz}. */
    public static Contents readFolder(DataFolder folder) {
        return readFour("folder " + folder, baseName -> openInFolder(folder, baseName));
    }

    /**
     * Reads the four files from a classpath folder such as {@code /datasets/x/}; each may be named with or without
     * {@code .gz}.
     */
    public static Contents readClasspath(String resourceFolder) {
        return readFour("classpath:" + resourceFolder, baseName -> openResource(resourceFolder, baseName));
    }

    // ---- the four files together

    /** An opened file and the name to use for it in messages. */
    private record Opened(String name, InputStream in) {
    }

    /** Opens one of the four files by base name, or throws a DatasetException if neither name exists. */
    private interface Opener {
        Opened open(String baseName) throws IOException;
    }

    private static Contents readFour(String where, Opener opener) {
        Images trainImages = read(opener, TRAIN_IMAGES, IdxFiles::readImages);
        int[] trainLabels = read(opener, TRAIN_LABELS, IdxFiles::readLabels);
        Images testImages = read(opener, TEST_IMAGES, IdxFiles::readImages);
        int[] testLabels = read(opener, TEST_LABELS, IdxFiles::readLabels);
        checkSameCount("train", trainImages, trainLabels, where);
        checkSameCount("test", testImages, testLabels, where);
        if (testImages.rows() != trainImages.rows() || testImages.cols() != trainImages.cols()) {
            throw new DatasetException("test images are " + testImages.rows() + "x" + testImages.cols()
                    + " but train images are " + trainImages.rows() + "x" + trainImages.cols() + " (" + where + ")");
        }
        return new Contents(trainImages, trainLabels, testImages, testLabels);
    }

    private interface Reader<T> {
        T read(InputStream in, String name);
    }

    private static <T> T read(Opener opener, String baseName, Reader<T> reader) {
        String name = baseName;
        try {
            Opened file = opener.open(baseName);
            name = file.name();
            try (InputStream in = file.in()) {
                return reader.read(in, name);
            }
        } catch (IOException e) {
            throw cannotRead(name, e);
        }
    }

    private static void checkSameCount(String split, Images images, int[] labels, String where) {
        if (images.count() != labels.length) {
            throw new DatasetException(split + " images and labels differ in count: " + images.count() + " images, "
                    + labels.length + " labels (" + where + ")");
        }
    }

    // Plain name first: that is what a user who unpacked the files by hand has; the .gz is the download.
    private static Opened openInFolder(DataFolder folder, String baseName) throws IOException {
        for (String fileName : new String[] {baseName, baseName + GZ}) {
            if (folder.hasFile(fileName)) {
                return new Opened(folder.describe(fileName), folder.open(fileName));
            }
        }
        throw new DatasetException(baseName + " (or " + baseName + GZ + ") not found in dataset folder " + folder);
    }

    private static Opened openResource(String resourceFolder, String baseName) {
        for (String fileName : new String[] {baseName, baseName + GZ}) {
            String resource = resourceFolder + fileName;
            InputStream in = IdxFiles.class.getResourceAsStream(resource);
            if (in != null) {
                return new Opened("classpath:" + resource, in);
            }
        }
        throw new DatasetException(baseName + " (or " + baseName + GZ + ") not found in classpath folder "
                + resourceFolder);
    }

    // ---- one file

    private static InputStream gunzipIfNeeded(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered) : buffered;
    }

    /** Reads and checks the magic number and the {@code numDims} dimensions that follow it. */
    private static int[] readHeader(InputStream in, String name, int magic, String kind, int numDims)
            throws IOException {
        int headerBytes = 4 + 4 * numDims;
        byte[] magicBytes = in.readNBytes(4);
        if (magicBytes.length < 4) {
            throw truncatedHeader(name, headerBytes, magicBytes.length);
        }
        int found = ByteBuffer.wrap(magicBytes).getInt();
        if (found != magic) {
            throw new DatasetException(String.format("%s: expected IDX magic 0x%08x (%s), found 0x%08x%s",
                    name, magic, kind, found, describeMagic(found)));
        }
        byte[] dimBytes = in.readNBytes(4 * numDims);
        if (dimBytes.length < 4 * numDims) {
            throw truncatedHeader(name, headerBytes, 4 + dimBytes.length);
        }
        ByteBuffer dims = ByteBuffer.wrap(dimBytes); // big-endian, as IDX is
        int[] result = new int[numDims];
        for (int d = 0; d < numDims; d++) {
            result[d] = dims.getInt();
            if (result[d] <= 0) {
                throw new DatasetException(name + ": expected positive IDX dimensions, dimension " + (d + 1)
                        + " is " + Integer.toUnsignedString(result[d]));
            }
        }
        return result;
    }

    /** Helps when files are swapped: "found 0x00000803 (images)" says more than the number alone. */
    private static String describeMagic(int found) {
        return switch (found) {
            case IMAGES_MAGIC -> " (images)";
            case LABELS_MAGIC -> " (labels)";
            default -> "";
        };
    }

    /** Reads exactly {@code bodyBytes} after the header, failing on a short file and on trailing bytes. */
    private static byte[] readBody(InputStream in, String name, String what, int headerBytes, long bodyBytes)
            throws IOException {
        long expected = headerBytes + bodyBytes;
        if (bodyBytes > Integer.MAX_VALUE - 16) {
            throw new DatasetException(name + ": header says " + what + " = " + expected
                    + " bytes, more than the 2 GiB one file may hold");
        }
        // readNBytes grows its buffer as data arrives, so a corrupt, huge count cannot exhaust memory up front.
        byte[] body = in.readNBytes((int) bodyBytes);
        if (body.length < bodyBytes) {
            throw new DatasetException(name + ": truncated: header says " + what + " = " + expected
                    + " bytes, file has " + (headerBytes + body.length) + " bytes");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new DatasetException(name + ": trailing bytes: header says " + what + " = " + expected
                    + " bytes, file has " + (expected + extra) + " bytes");
        }
        return body;
    }

    private static int[] toClasses(byte[] bytes, String name) {
        int[] classes = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            classes[i] = bytes[i] & 0xff;
            if (classes[i] >= NUM_CLASSES) {
                throw new DatasetException(name + ": expected labels 0.." + (NUM_CLASSES - 1) + ", found "
                        + classes[i] + " at index " + i);
            }
        }
        return classes;
    }

    private static DatasetException truncatedHeader(String name, int headerBytes, int found) {
        return new DatasetException(name + ": truncated: expected an IDX header of " + headerBytes
                + " bytes, file has " + found + " bytes");
    }

    private static DatasetException cannotRead(String name, IOException e) {
        return new DatasetException(name + ": cannot read: " + e, e);
    }
}
