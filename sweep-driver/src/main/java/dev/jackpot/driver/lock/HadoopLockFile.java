package dev.jackpot.driver.lock;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * A lock file on a Hadoop file system (HDFS). {@code create(overwrite = false)} and {@code rename} are atomic on
 * HDFS; object stores (s3a) offer neither, so a lock there guards against mistakes, not races.
 */
final class HadoopLockFile implements LockFile {
    private final FileSystem fs;
    private final Path file;

    HadoopLockFile(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
    }

    @Override
    public boolean createNew(byte[] content) throws IOException {
        fs.mkdirs(file.getParent());
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public byte[] read() throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    @Override
    public long modified() throws IOException {
        try {
            return fs.getFileStatus(file).getModificationTime();
        } catch (FileNotFoundException e) {
            return -1;
        }
    }

    @Override
    public void touch() throws IOException {
        fs.setTimes(file, System.currentTimeMillis(), -1);
    }

    @Override
    public byte[] takeAway(String token) throws IOException {
        Path aside = new Path(file.getParent(), file.getName() + ".taken-" + token);
        if (!fs.rename(file, aside)) {
            return null;
        }
        try (FSDataInputStream in = fs.open(aside)) {
            return in.readAllBytes();
        } finally {
            fs.delete(aside, false);
        }
    }

    @Override
    public void delete() throws IOException {
        fs.delete(file, false);
    }

    @Override
    public String where() {
        return file.toString();
    }
}
