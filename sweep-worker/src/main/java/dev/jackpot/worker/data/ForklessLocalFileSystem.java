package dev.jackpot.worker.data;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hadoop's {@code file:} file system ({@link LocalFileSystem}, with its checksums), except that permissions are set
 * through java.nio instead of a forked {@code chmod}.
 *
 * <p>Why: without Hadoop's native library (libhadoop is not in the Maven jars, and rarely on a laptop),
 * {@link RawLocalFileSystem} starts a {@code chmod} process for every directory and file it creates. A sweep's
 * Parquet commits and trial checkpoints create hundreds (about 200 for the 8-trial quick sweep), each a fork of a
 * JVM of a gigabyte or more; with two task slots on two cores they took CPU from the trials. The driver installs it
 * as {@code spark.hadoop.fs.file.impl} unless that is set (see the README's cluster settings).
 *
 * <p>Only the permission bits Java can express are handled here; a sticky bit, or a platform without POSIX
 * attributes, goes to Hadoop's own code as before.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
    public ForklessLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-free) file system underneath. */
    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) {
                super.setPermission(p, permission);
                return;
            }
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(p, permission);
            }
        }
    }

    /** The nine rwx bits of a mode as java.nio's set (the order of PosixFilePermission is owner..others, r w x). */
    static Set<PosixFilePermission> posix(short mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (all.length - 1 - i))) != 0) {
                set.add(all[i]);
            }
        }
        return set;
    }
}
