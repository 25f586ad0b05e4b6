package dev.jackpot.driver.cli;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole product the way a user runs it: {@code sweep run} on the bundled Fashion-MNIST subset in
 * {@code local[2]}, then the same command again, then a resume after a simulated crash in the middle of a commit.
 */
class EndToEndTest {
    @TempDir
    static Path dir;
    static Path spec;
    static Path out;

    @BeforeAll
    static void runTheSweepOnce() throws IOException {
        out = dir.resolve("results");
        spec = dir.resolve("e2e.conf");
        Files.writeString(spec, """
                run.output-root = "%s"
                sweep { name = e2e, output = results }
                grid {
                  architecture = [resmlp1]
                  width = [0.1]
                  residual = [true, false]
                  lr = [0.05]
                  epochs = [2]
                  seed = [1, 2]
                }
                prune.rounds = 2
                run.commit-every-trials = 2
                """.formatted(dir.toString().replace("\\", "/")));
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary"));
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static long count(SparkSession spark, String table) {
        return spark.read().parquet(out.resolve("e2e").resolve(table).toString()).count();
    }

    private static SparkSession spark() {
        return SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @Test
    void everyTableHasTheRowsTheGridImplies() {
        SparkSession spark = spark();
        int trials = 4;                          // 2 residual x 2 seeds
        int runsPerTrial = 1 + 2 * 3;           // dense + 2 rounds x (LT, RR, RP)
        assertEquals(trials, count(spark, "trials"));
        assertEquals(trials * runsPerTrial, count(spark, "tickets"));
        assertEquals(trials * runsPerTrial * 2, count(spark, "epochs"));
        List<Row> statuses = spark.read().parquet(out.resolve("e2e/trials").toString())
                .select("status", "threads", "code_version", "schema_version").distinct().collectAsList();
        assertEquals(1, statuses.size(), statuses.toString());
        assertEquals("ok", statuses.get(0).getString(0));
        assertEquals(1, statuses.get(0).getInt(1));
        assertFalse(statuses.get(0).getString(2).isBlank());
        // Sparsity recorded per round is exactly the IMP target on the alive-weight count.
        List<Row> off = spark.read().parquet(out.resolve("e2e/tickets").toString())
                .where("alive_weights <> ROUND(prunable_weights * POW(0.8, round))").collectAsList();
        assertTrue(off.isEmpty(), "tickets off the IMP schedule: " + off);
        // A learnable task: the dense networks beat chance by far.
        double dense = spark.read().parquet(out.resolve("e2e/tickets").toString()).where("kind = 'DENSE'")
                .agg(org.apache.spark.sql.functions.min("final_acc")).first().getDouble(0);
        assertTrue(dense > 0.5, "dense accuracy " + dense);
    }

    @Test
    void aSecondRunTrainsNothingAndAddsNoRows() throws IOException {
        SparkSession spark = spark();
        long tickets = count(spark, "tickets");
        long files = batchFiles("tickets");
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary"));
        spark = spark();
        assertEquals(tickets, count(spark, "tickets"));
        assertEquals(files, batchFiles("tickets"), "a re-run wrote a new batch");
    }

    @Test
    void aCommitCutShortIsRolledBackAndRunAgainWithoutDuplicates() throws IOException {
        // Simulate a driver killed between writing tickets and trials: a tickets file whose batch has no trials file.
        Path tickets = out.resolve("e2e/tickets");
        Path some;
        try (Stream<Path> files = Files.list(tickets)) {
            some = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.copy(some, tickets.resolve("batch-0-deadbeef.parquet"));
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary"));
        assertFalse(Files.exists(tickets.resolve("batch-0-deadbeef.parquet")), "orphan batch not rolled back");
        SparkSession spark = spark();
        long distinct = spark.read().parquet(tickets.toString()).select("trial_id", "kind", "round").distinct().count();
        assertEquals(distinct, count(spark, "tickets"), "duplicate ticket rows");
    }

    private static long batchFiles(String table) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("e2e").resolve(table))) {
            return files.filter(p -> p.getFileName().toString().startsWith("batch-")).count();
        }
    }
}
