package dev.jackpot.driver.lock;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/** A lock file on a local (or NFS-mounted) file system, through java.nio. */
final class LocalLockFile implements LockFile {
    private final Path file;

    LocalLockFile(Path file) {
        this.file = file;
    }

    @Override
    public boolean createNew(byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            // CREATE_NEW is open(O_CREAT | O_EXCL): exactly one of several racing drivers gets the file.
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public byte[] read() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public long modified() throws IOException {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public void touch() throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    }

    @Override
    public byte[] takeAway(String token) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".taken-" + token);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return null;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot move " + file + " atomically: " + e.getMessage(), e);
        }
        try {
            return Files.readAllBytes(aside);
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    @Override
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public String where() {
        return file.toString();
    }
}
