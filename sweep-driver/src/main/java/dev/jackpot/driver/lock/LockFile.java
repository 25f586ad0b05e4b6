package dev.jackpot.driver.lock;

import java.io.IOException;

/**
 * The few atomic file operations a lock needs. Two implementations, because Hadoop's local file system cannot
 * create a file exclusively (it checks, then opens), while HDFS can and java.nio can (O_EXCL).
 */
interface LockFile {
    /** Creates the lock file with {@code content} if no lock file exists, atomically; false if one exists. */
    boolean createNew(byte[] content) throws IOException;

    /** The lock file's content, or null if there is none. */
    byte[] read() throws IOException;

    /** Last modification (the heartbeat), epoch ms, or -1 if there is no lock file. */
    long modified() throws IOException;

    /** Sets the modification time to now: the heartbeat. */
    void touch() throws IOException;

    /**
     * Atomically moves the lock file out of the way (to a name unique to {@code token}) and returns what it held,
     * or null if there was no lock file to move; the moved file is deleted.
     */
    byte[] takeAway(String token) throws IOException;

    void delete() throws IOException;

    /** Where the lock file is, for messages. */
    String where();
}
