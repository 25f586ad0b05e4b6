package dev.jackpot.driver.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two drivers on one output folder through the CLI (the refusal of a live one is in DriverKillTest): a lock
 * left by a driver on another host that stopped beating is taken over, and the run says so.
 */
class StaleLockTest {
    @AfterAll
    static void stopSpark() {
        Results.stop();
    }

    @TempDir
    Path dir;

    @Test
    void aStaleLockIsTakenOverAndTheRunSaysHow() throws Exception {
        Path data = IdxDataset.write(dir.resolve("tiny"), 128, 64);
        Path spec = Files.writeString(dir.resolve("lock.conf"), """
                run.output-root = "%s"
                sweep { name = locked, output = results }
                datasets.tiny.path = "%s"
                grid { architecture = [resmlp1], width = [0.1], dataset = [tiny], epochs = [1] }
                prune.rounds = 1
                tickets = [LT]
                run.lock-stale-seconds = 60
                """.formatted(dir, data));
        Path sweep = Files.createDirectories(dir.resolve("results/locked"));
        Path lock = sweep.resolve("_lock");
        Files.writeString(lock, "host=gone-host\npid=4242\nprocess-start=1\nstarted=2024-01-01T00:00:00Z\ntoken=x\n",
                StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(600)));

        String err = BadInputTest.runCapturingStderr(0, "run", spec.toString(), "--master", "local[1]", "--no-summary", "--no-report");
        assertTrue(err.contains("took over the lock " + lock + " from host gone-host, pid 4242"), err);
        assertTrue(err.matches("(?s).*heartbeat is 6\\d\\ds old, older than run\\.lock-stale-seconds = 60.*"), err);
        assertEquals(1, Results.table(sweep, "trials").count());
        assertFalse(Files.exists(lock), "the lock is released at the end");
    }
}
