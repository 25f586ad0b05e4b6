package dev.jackpot.driver.cli;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A trial trains with as many ND4J threads as its Spark task has CPUs, whichever way spark.task.cpus was set:
 * by the spec's run.task-cpus, or by spark-submit (which wins, as its master does). trials.threads records it.
 */
class TaskCpusTest {
    @TempDir
    static Path dir;

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    @Test
    void theSpecsTaskCpusBecomeSparkTaskCpusAndTheTrialsThreads() throws IOException {
        runASweep("spec", "run.task-cpus=2");
        assertEquals(List.of(2), threads("spec"));
    }

    @Test
    void sparkSubmitsTaskCpusWinOverTheSpecs() throws IOException {
        // spark-submit --conf spark.task.cpus=2 reaches the driver as this system property.
        System.setProperty("spark.task.cpus", "2");
        try {
            runASweep("submit", "run.task-cpus=1");
        } finally {
            System.clearProperty("spark.task.cpus");
        }
        assertEquals(List.of(2), threads("submit"));
    }

    /** Runs a one-trial sweep on local[2]. */
    private static void runASweep(String name, String override) throws IOException {
        Path spec = dir.resolve(name + ".conf");
        Files.writeString(spec, """
                sweep { name = %s, output = "%s" }
                run.allow-absolute-paths = true
                grid { architecture = [resmlp1], width = [0.1], epochs = [1], seed = [1] }
                prune.rounds = 1
                tickets = [LT]
                """.formatted(name, dir.resolve("results").toString().replace("\\", "/")));
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report", "--set", override));
    }

    /** The distinct trials.threads values of a sweep. */
    private static List<Integer> threads(String name) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            return spark.read().parquet(dir.resolve("results").resolve(name).resolve("trials").toString())
                    .select("threads").distinct().collectAsList().stream().map(r -> r.getInt(0)).toList();
        } finally {
            spark.stop(); // the next sweep must build its own session, with its own spark.task.cpus
        }
    }
}
