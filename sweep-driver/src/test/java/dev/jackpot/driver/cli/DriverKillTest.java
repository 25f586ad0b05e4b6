package dev.jackpot.driver.cli;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver killed with SIGKILL in the middle of a sweep, then the same command run again: every trial is in
 * every table exactly once, the trials committed before the kill are not trained again, nothing of the killed
 * run is left behind. While the first driver runs, a second one on the same folder is refused.
 */
class DriverKillTest {
    @AfterAll
    static void stopSpark() {
        Results.stop();
    }

    private static final int TRIALS = 10;
    private static final int EPOCHS = 2;

    @TempDir
    Path dir;

    @Test
    void aKilledSweepResumesWithEveryTrialExactlyOnce() throws Exception {
        Path data = IdxDataset.write(dir.resolve("tiny"), 512, 128);
        Path spec = Files.writeString(dir.resolve("kill.conf"), """
                run.output-root = "%s"
                sweep { name = kill, output = results }
                datasets.tiny.path = "%s"
                grid {
                  architecture = [resmlp1]
                  width = [0.1]
                  dataset = [tiny]
                  epochs = [%d]
                  seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                }
                prune.rounds = 1
                tickets = [LT]
                run.commit-every-trials = 1
                """.formatted(dir, data, EPOCHS));
        Path sweep = dir.resolve("results/kill");
        String[] command = {"run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report"};

        Path firstLog = dir.resolve("first.log");
        Process first = DriverProcess.start(dir, firstLog, 1, command);
        try {
            // A second driver on the same folder while the first runs (it takes the lock before starting
            // Spark, so all its trials are still ahead): refused, naming the first.
            waitFor(() -> Files.exists(sweep.resolve("_lock"))
                    && Files.readString(sweep.resolve("_lock")).contains("token="), first, firstLog);
            String refusal = BadInputTest.runCapturingStderr(2, command);
            assertTrue(refusal.contains("in use by another driver") && refusal.contains("pid " + first.pid()),
                    refusal);
            assertEquals(1, refusal.lines().count(), refusal);
            waitFor(() -> !Results.batchFiles(sweep, "trials").isEmpty(), first, firstLog);
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the driver
            first.waitFor(1, TimeUnit.MINUTES);
        }
        Map<String, Timestamp> committed = finishedAt(sweep);
        Map<String, byte[]> committedFiles = new HashMap<>();
        for (String f : Results.batchFiles(sweep, "trials")) {
            committedFiles.put(f, Files.readAllBytes(sweep.resolve("trials").resolve(f)));
        }
        System.out.printf("DriverKillTest: killed the driver with %d of %d trials committed%n", committed.size(), TRIALS);
        assertFalse(committed.isEmpty());
        assertTrue(committed.size() < TRIALS, "the sweep ended before the kill; give it more trials");
        assertTrue(Files.exists(sweep.resolve("_lock")), "a killed driver leaves its lock");

        Path secondLog = dir.resolve("second.log");
        DriverProcess.runToEnd(dir, secondLog, 1, command);
        String log = Files.readString(secondLog);
        assertTrue(log.contains("took over the lock") && log.contains("no longer running"), log);
        assertTrue(log.contains(committed.size() + " already in"), log);

        // Every trial exactly once in every table, and every row belongs to a committed trial.
        Set<String> ids = trialIds(sweep);
        assertEquals(TRIALS, ids.size());
        assertEquals(TRIALS, Results.table(sweep, "trials").count());
        int runs = 2; // dense + LT at round 1
        assertExactlyOnce(sweep, "tickets", TRIALS * runs, "trial_id", "kind", "round");
        assertExactlyOnce(sweep, "epochs", TRIALS * runs * EPOCHS, "trial_id", "kind", "round", "epoch");
        var layers = Results.table(sweep, "layers");
        assertEquals(layers.count(), layers.select("trial_id", "kind", "round", "layer").distinct().count(),
                "layers has duplicate rows");
        for (String table : List.of("tickets", "epochs", "layers")) {
            Set<String> inTable = new HashSet<>();
            Results.table(sweep, table).select("trial_id").distinct().collectAsList().forEach(r -> inTable.add(r.getString(0)));
            assertEquals(ids, inTable, table);
        }
        // Committed trials were not trained again: same rows, same files.
        Map<String, Timestamp> after = finishedAt(sweep);
        committed.forEach((id, at) -> assertEquals(at, after.get(id), "trial " + id + " ran again"));
        for (Map.Entry<String, byte[]> f : committedFiles.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(sweep.resolve("trials").resolve(f.getKey())), f.getKey());
        }
        // Nothing of the killed run left: no staging, no lock, no batch without its trials file.
        assertTrue(Results.files(sweep.resolve("_staging")).isEmpty(), "staging leftovers");
        assertTrue(Results.files(sweep).stream().noneMatch(f -> f.startsWith("_lock")), Results.files(sweep).toString());
        Set<String> trialBatches = new HashSet<>(Results.batchFiles(sweep, "trials"));
        for (String table : List.of("tickets", "epochs", "layers")) {
            assertTrue(trialBatches.containsAll(Results.batchFiles(sweep, table)), table + " has an uncommitted batch");
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls until {@code condition} holds, failing if the driver ends first. */
    private static void waitFor(Condition condition, Process driver, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (!condition.holds()) {
            assertTrue(driver.isAlive(), "driver ended early; log " + log + ":\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "waited 15 minutes");
            Thread.sleep(20);
        }
    }

    private static Map<String, Timestamp> finishedAt(Path sweep) {
        Map<String, Timestamp> at = new HashMap<>();
        for (Row r : Results.table(sweep, "trials").select("trial_id", "finished_at").collectAsList()) {
            at.put(r.getString(0), r.getTimestamp(1));
        }
        return at;
    }

    private static Set<String> trialIds(Path sweep) {
        Set<String> ids = new HashSet<>();
        Results.table(sweep, "trials").select("trial_id").collectAsList().forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    private static void assertExactlyOnce(Path sweep, String table, long expected, String key, String... keys) {
        var df = Results.table(sweep, table);
        assertEquals(expected, df.count(), table + " rows");
        assertEquals(expected, df.select(key, keys).distinct().count(), table + " has duplicate rows");
    }
}
