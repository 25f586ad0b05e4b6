package dev.jackpot.driver.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLockTest {
    private static final Duration STALE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    private Path lockFile() {
        return dir.resolve(OutputLock.FILE);
    }

    private void writeLock(LockHolder holder, Instant heartbeat) throws IOException {
        Files.write(lockFile(), holder.toBytes());
        Files.setLastModifiedTime(lockFile(), FileTime.from(heartbeat));
    }

    @Test
    void theLockNamesItsHolderAndIsRemovedOnClose() throws IOException {
        try (OutputLock lock = OutputLock.acquire(dir.toString(), STALE, out)) {
            LockHolder holder = LockHolder.parse(Files.readAllBytes(lockFile()));
            assertEquals(ProcessHandle.current().pid(), holder.pid());
            assertEquals(LockHolder.localHost(), holder.host());
            lock.requireHeld();
        }
        assertFalse(Files.exists(lockFile()));
    }

    @Test
    void aLiveHolderIsRefusedByName() throws IOException {
        LockHolder other = new LockHolder("elsewhere", 4242, 1, "2024-01-01T00:00:00Z", "t");
        writeLock(other, Instant.now());
        String msg = assertThrows(OutputLockedException.class, () -> OutputLock.acquire(dir.toString(), STALE, out))
                .getMessage();
        assertTrue(msg.contains("host elsewhere, pid 4242") && msg.contains("run.lock-stale-seconds = 60"), msg);
        assertEquals(other, LockHolder.parse(Files.readAllBytes(lockFile())), "the holder's lock is untouched");
    }

    @Test
    void aSecondLockInTheSameProcessIsRefused() {
        try (OutputLock lock = OutputLock.acquire(dir.toString(), STALE, out)) {
            assertThrows(OutputLockedException.class, () -> OutputLock.acquire(dir.toString(), STALE, out));
            lock.requireHeld();
        }
    }

    @Test
    void aStaleLockFromAnotherHostIsTakenOver() throws IOException {
        writeLock(new LockHolder("elsewhere", 4242, 1, "2024-01-01T00:00:00Z", "t"), Instant.now().minusSeconds(3600));
        try (OutputLock lock = OutputLock.acquire(dir.toString(), STALE, out)) {
            lock.requireHeld();
        }
        String said = log.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("took over the lock") && said.contains("host elsewhere, pid 4242")
                && said.contains("older than run.lock-stale-seconds = 60"), said);
    }

    @Test
    void aLockOfAProcessThatIsGoneIsTakenOverAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long start = gone.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        writeLock(new LockHolder(LockHolder.localHost(), gone.pid(), start, "now", "t"), Instant.now());
        try (OutputLock lock = OutputLock.acquire(dir.toString(), STALE, out)) {
            lock.requireHeld();
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("no longer running"), log.toString());
    }

    @Test
    void aPidReusedByAnotherProcessDoesNotKeepTheLock() throws IOException {
        // This JVM's pid, but a different process start: the holder was an earlier process with the same pid.
        long pid = ProcessHandle.current().pid();
        writeLock(new LockHolder(LockHolder.localHost(), pid, 12345, "then", "t"), Instant.now());
        try (OutputLock lock = OutputLock.acquire(dir.toString(), STALE, out)) {
            lock.requireHeld();
        }
    }

    @Test
    void aDriverWhoseLockWasTakenOverStopsBeforeCommitting() throws IOException {
        try (OutputLock lock = OutputLock.acquire(dir.toString(), STALE, out)) {
            Files.write(lockFile(), new LockHolder("elsewhere", 7, 1, "later", "theirs").toBytes());
            String msg = assertThrows(IllegalStateException.class, lock::requireHeld).getMessage();
            assertTrue(msg.contains("host elsewhere, pid 7") && msg.contains("without committing"), msg);
        }
        assertTrue(Files.exists(lockFile()), "closing must not remove another driver's lock");
    }
}
