package dev.jackpot.driver.cluster;

import dev.jackpot.driver.spec.SpecLoader;
import dev.jackpot.worker.trial.TrialSpec;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor JVM killed (SIGKILL) in the middle of a trial on the real standalone cluster: Spark runs the lost
 * task again on another executor, the trial resumes from its last checkpoint, and the sweep finishes with every
 * trial exactly once in every table.
 */
class ExecutorKillIT {
    private static final int WORKERS = 2;
    private static final int ROUNDS = 3;
    private static final int EPOCHS = 8;             // trials of 20-30 s: shorter ones finished before the kill
    private static final int KINDS = 2;              // LT, RR
    private static final int PRUNABLE_LAYERS = 2;    // resmlp1: proj and block1; the classifier is excluded

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKilledExecutorsTrialRunsAgainAndEveryTrialIsInEveryTableExactlyOnce() throws Exception {
        Path jar = Path.of(System.getProperty("jackpot.cluster-jar"));
        Path sparkHome = Path.of(System.getProperty("jackpot.spark-home"));
        assertTrue(Files.isRegularFile(jar), "no cluster jar at " + jar + " (mvn package builds it)");
        Path dir = Path.of(System.getProperty("jackpot.it-dir") + "-executor-kill");
        StandaloneCluster.deleteRecursively(dir);
        Files.createDirectories(dir);

        // 3 trials of 20-30 s each on one core (dense + 3 rounds of LT and RR, 8 epochs): two run at
        // once, one waits; long enough to kill an executor in the middle of one.
        Path results = dir.resolve("results");
        Path spec = dir.resolve("kill.conf");
        Files.writeString(spec, """
                sweep { name = kill, output = "%s" }
                run.allow-absolute-paths = true
                grid {
                  architecture = [resmlp1]
                  width = [0.1]
                  lr = [0.05]
                  epochs = [%d]
                  seed = [1, 2, 3]
                }
                prune.rounds = %d
                tickets = [LT, RR]
                run.commit-every-trials = 1
                """.formatted(results, EPOCHS, ROUNDS));
        List<TrialSpec> trials = SpecLoader.load(spec, List.of()).trials();
        Path checkpoints = results.resolve("kill/_checkpoints");

        try (StandaloneCluster cluster = new StandaloneCluster(sparkHome, StandaloneCluster.authenticatedConf(dir),
                StandaloneCluster.options("jackpot.spark-jvm-options"), dir)) {
            cluster.start(WORKERS, 1, "2g", Duration.ofSeconds(120));
            List<String> submit = cluster.clientModeOptions(WORKERS);
            submit.addAll(List.of(jar.toString(), "run", spec.toString(), "--no-summary", "--no-report"));
            Process driver = cluster.startSubmit(submit);

            // Both executors are in the middle of a trial once both trials have a checkpoint (the dense run is
            // done) and no trial is committed yet: kill one of them then.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            List<String> checkpointed = List.of();
            while (System.nanoTime() < deadline && driver.isAlive()) {
                checkpointed = trialsWithCheckpoints(checkpoints);
                if (checkpointed.size() >= WORKERS && committedBatches(results) == 0
                        && cluster.executors().size() == WORKERS) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(driver.isAlive(), "the sweep ended before an executor could be killed\n" + cluster.logs());
            assertEquals(0, committedBatches(results), "a trial finished before two were checkpointed: too short");
            assertTrue(checkpointed.size() >= WORKERS, "no two trials checkpointed in time " + checkpointed
                    + "\n" + cluster.logs());
            ProcessHandle victim = cluster.executors().get(0);
            assertTrue(victim.destroyForcibly(), "SIGKILL of executor " + victim.pid());
            victim.onExit().get(30, TimeUnit.SECONDS);

            int status = cluster.awaitSubmit(driver, Duration.ofSeconds(300));
            assertEquals(0, status, "spark-submit failed after an executor was killed\n" + cluster.logs());

            String executorLogs = executorLogs(cluster);
            assertTrue(executorLogs.contains("resuming after round"),
                    "the lost trial did not resume from its checkpoint (trials checkpointed at the kill: "
                            + checkpointed + ")\n" + cluster.logs());
        }

        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        int runs = 1 + ROUNDS * KINDS;
        Map<String, Integer> perTrial = Map.of("trials", 1, "tickets", runs, "epochs", runs * EPOCHS,
                "layers", runs * PRUNABLE_LAYERS);
        for (Map.Entry<String, Integer> table : new TreeMap<>(perTrial).entrySet()) {
            Map<String, Long> counts = new TreeMap<>();
            for (Row r : spark.read().parquet(results.resolve("kill").resolve(table.getKey()).toString())
                    .groupBy("trial_id").count().collectAsList()) {
                counts.put(r.getString(0), r.getLong(1));
            }
            Map<String, Long> expected = trials.stream().collect(Collectors.toMap(TrialSpec::id,
                    t -> (long) table.getValue(), (a, b) -> a, TreeMap::new));
            assertEquals(expected, counts, "rows per trial in " + table.getKey() + " (none missing, none twice)");
        }
        List<Row> statuses = spark.read().parquet(results.resolve("kill/trials").toString())
                .select("trial_id", "status", "error").collectAsList();
        for (Row r : statuses) {
            assertEquals("ok", r.getString(1), "trial " + r.getString(0) + ": " + r.getString(2));
        }
        assertEquals(List.of(), list(checkpoints), "checkpoints left after every trial was committed");
    }

    /** Trials with a finished-round checkpoint file. */
    private static List<String> trialsWithCheckpoints(Path root) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String id : list(root)) {
            if (list(root.resolve(id)).stream().anyMatch(f -> f.matches("round-\\d+\\.ckpt"))) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static long committedBatches(Path results) throws IOException {
        return list(results.resolve("kill/trials")).stream().filter(f -> f.startsWith("batch-")).count();
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();   // deleted while listed
        }
    }

    /** Every executor's stderr (where the worker's checkpoint lines go), concatenated. */
    private static String executorLogs(StandaloneCluster cluster) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path worker : cluster.workerDirs()) {
            try (Stream<Path> files = Files.walk(worker)) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                    all.append(Files.readString(f));
                }
            }
        }
        return all.toString();
    }
}
