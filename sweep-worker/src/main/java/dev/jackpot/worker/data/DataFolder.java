package dev.jackpot.worker.data;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * A folder of dataset files, read through Hadoop's FileSystem API so that the same code reads a local disk on a
 * laptop and {@code hdfs://} or {@code s3a://} on a cluster's executors. A location with a scheme
 * ({@code file:///data/x}, {@code hdfs://nn/data/x}) is taken as a Hadoop URI; one without is a local path, even
 * where the cluster's default file system is HDFS, because the driver checked it on its own disk.
 *
 * <p>Messages name a file as the location the user wrote plus the file name.
 */
public final class DataFolder {
    // A URI scheme of two or more characters followed by ":/" (file:/, hdfs://, s3a://); a Linux path never
    // starts like that, and one-letter schemes would be Windows drives.
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");

    private final String location;
    private final FileSystem fs;
    private final Path folder;

    private DataFolder(String location, FileSystem fs, Path folder) {
        this.location = location;
        this.fs = fs;
        this.folder = folder;
    }

    /**
     * Opens a folder that must exist.
     *
     * @throws DatasetException if it does not exist, is a file, or its file system cannot be reached
     */
    public static DataFolder at(String location) {
        String trimmed = location.endsWith("/") && location.length() > 1
                ? location.substring(0, location.length() - 1) : location;
        Path path = URI_WITH_SCHEME.matcher(location).matches()
                ? new Path(location)
                : new Path(new File(location).getAbsoluteFile().toURI());
        FileSystem fs;
        try {
            // Not closed: FileSystem.get caches one instance per scheme and authority for the whole JVM.
            fs = path.getFileSystem(HadoopConf.get());
        } catch (IOException e) {
            throw new DatasetException("dataset folder " + location + ": cannot open its file system (" + e.getMessage()
                    + "); the scheme's Hadoop connector must be on the classpath, e.g. hadoop-aws for s3a://", e);
        }
        try {
            if (!fs.getFileStatus(path).isDirectory()) {
                throw new DatasetException("dataset folder " + location + " is not a folder");
            }
        } catch (FileNotFoundException e) {
            throw new DatasetException("dataset folder " + location + " does not exist", e);
        } catch (IOException e) {
            throw new DatasetException("dataset folder " + location + ": cannot read: " + e, e);
        }
        return new DataFolder(trimmed, fs, path);
    }

    /** True if the folder holds a regular file of that name. */
    public boolean hasFile(String fileName) {
        try {
            return fs.getFileStatus(new Path(folder, fileName)).isFile();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new DatasetException(describe(fileName) + ": cannot read: " + e, e);
        }
    }

    /** The file's length in bytes; it must exist. */
    public long length(String fileName) throws IOException {
        FileStatus status = fs.getFileStatus(new Path(folder, fileName));
        return status.getLen();
    }

    /** Opens the file for reading; the caller closes the stream. */
    public InputStream open(String fileName) throws IOException {
        return fs.open(new Path(folder, fileName));
    }

    /** How messages name a file of this folder. */
    public String describe(String fileName) {
        return location + "/" + fileName;
    }

    @Override
    public String toString() {
        return location;
    }
}
