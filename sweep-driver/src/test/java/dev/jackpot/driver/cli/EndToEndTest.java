package dev.jackpot.driver.cli;

import dev.jackpot.driver.table.Tables;
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
 * {@code local[2]} with every ticket kind, then the same command again, then a resume after a simulated crash in
 * the middle of a commit. Two trials, one commit each, so the rollback test has two batches.
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
                  seed = [1]
                }
                train.batch-size = 128
                prune.rounds = 2
                tickets = [LT, RR, RP, SDT, WR, PF, RT, SM, SI]
                metrics.grad-norm-examples = 256
                run.commit-every-trials = 1
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
        int trials = 2;                          // 2 residual x 1 seed
        int rounds = 2;
        int runsPerTrial = 1 + rounds * 9;      // dense + 2 rounds x every kind
        int epochs = 2;
        int rewindEpoch = 1;                     // WR trains T - t = 1 epoch
        int prunableLayers = 2;                  // resmlp1: proj and block1; the classifier is excluded
        assertEquals(trials, count(spark, "trials"));
        assertEquals(trials * runsPerTrial, count(spark, "tickets"));
        assertEquals(trials * (runsPerTrial * epochs - rounds * rewindEpoch), count(spark, "epochs"));
        assertEquals(trials * runsPerTrial * prunableLayers, count(spark, "layers"));
        List<Row> statuses = spark.read().parquet(out.resolve("e2e/trials").toString())
                .select("status", "threads", "code_version", "schema_version", "backend").distinct().collectAsList();
        assertEquals(1, statuses.size(), statuses.toString());
        assertEquals("ok", statuses.get(0).getString(0));
        assertEquals(1, statuses.get(0).getInt(1));
        assertFalse(statuses.get(0).getString(2).isBlank());
        assertEquals(Tables.SCHEMA_VERSION, statuses.get(0).getInt(3));
        // The ND4J build and OpenBLAS's kernels, which the last digits of every number depend on.
        assertTrue(statuses.get(0).getString(4).matches("nd4j-native (onednn-avx2|portable), OpenBLAS \\S+"),
                statuses.get(0).getString(4));
        // Every trial reports the executor's memory after it: heap and resident memory are measured, never missing.
        long unmeasured = spark.read().parquet(out.resolve("e2e/trials").toString())
                .where("heap_mb IS NULL OR heap_mb <= 0 OR native_mb IS NULL OR native_mb <= 0 OR rss_mb < heap_mb")
                .count();
        assertEquals(0, unmeasured, "trials without a memory measurement");
        // Sparsity recorded per round is exactly the IMP target on the alive-weight count; SDT matches it in size.
        List<Row> off = spark.read().parquet(out.resolve("e2e/tickets").toString())
                .where("kind <> 'SDT' AND alive_weights <> ROUND(prunable_weights * POW(0.8, round))").collectAsList();
        assertTrue(off.isEmpty(), "tickets off the IMP schedule: " + off);
        List<Row> sdtOff = spark.read().parquet(out.resolve("e2e/tickets").toString()).where(
                "kind = 'SDT' AND ABS(alive_weights - prunable_weights * POW(0.8, round)) > 0.02 * alive_weights")
                .collectAsList();
        assertTrue(sdtOff.isEmpty(), "SDT sizes off by more than 2%: " + sdtOff);
        // A learnable task: the dense networks beat chance by far.
        double dense = spark.read().parquet(out.resolve("e2e/tickets").toString()).where("kind = 'DENSE'")
                .agg(org.apache.spark.sql.functions.min("final_acc")).first().getDouble(0);
        assertTrue(dense > 0.5, "dense accuracy " + dense);
    }

    @Test
    void theMetricColumnsAreFilledAndAgreeAcrossTables() {
        SparkSession spark = spark();
        Tables.registerViews(spark, out.resolve("e2e").toString());
        long missing = spark.sql("SELECT * FROM tickets WHERE rp_10 IS NULL OR rp_20 IS NULL OR rp_30 IS NULL"
                + " OR rp_40 IS NULL OR rp_50 IS NULL OR grad_norm_init IS NULL OR l2_distance IS NULL"
                + " OR cosine_distance IS NULL OR net_width IS NULL").count();
        assertEquals(0, missing, "metric columns left empty");
        // The trials table repeats the dense run's R_p(θ0, θT).
        long disagree = spark.sql("SELECT * FROM trials t JOIN tickets k ON t.trial_id = k.trial_id AND k.kind = 'DENSE'"
                + " WHERE t.dense_rp_10 <> k.rp_10 OR t.dense_rp_50 <> k.rp_50 OR t.wr_rewind_epoch <> 1").count();
        assertEquals(0, disagree);
        // The layers of a run add up to its row in tickets.
        long unbalanced = spark.sql("SELECT k.trial_id FROM tickets k JOIN (SELECT trial_id, kind, round,"
                + " SUM(alive) AS alive FROM layers GROUP BY trial_id, kind, round) l"
                + " ON k.trial_id = l.trial_id AND k.kind = l.kind AND k.round = l.round"
                + " WHERE k.alive_weights <> l.alive").count();
        assertEquals(0, unbalanced);
    }

    @Test
    void aSecondRunTrainsNothingAndAddsNoRows() throws IOException {
        SparkSession spark = spark();
        long tickets = count(spark, "tickets");
        long files = batchFiles("tickets");
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report"));
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
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report"));
        assertFalse(Files.exists(tickets.resolve("batch-0-deadbeef.parquet")), "orphan batch not rolled back");
        SparkSession spark = spark();
        long distinct = spark.read().parquet(tickets.toString()).select("trial_id", "kind", "round").distinct().count();
        assertEquals(distinct, count(spark, "tickets"), "duplicate ticket rows");
    }

    @Test
    void theRunEndsWithAReportOnItsResults() {
        // The first run wrote it: a verdict per cell and sparsity (2 cells x 2 rounds), beside the tables.
        Path sweep = out.resolve("e2e");
        assertTrue(Files.isRegularFile(sweep.resolve("report.html")), "no report.html");
        SparkSession spark = spark();
        assertEquals(4, spark.read().parquet(sweep.resolve("verdicts").toString()).count());
        assertTrue(spark.read().parquet(sweep.resolve("correlations").toString()).count() > 0);
    }

    @Test
    void theCheckpointsOfCommittedTrialsAreDeleted() throws IOException {
        Path checkpoints = out.resolve("e2e/_checkpoints");
        assertTrue(Files.isDirectory(checkpoints), "trials checkpoint under <output>/_checkpoints by default");
        assertEquals(List.of(), listing(checkpoints), "checkpoints left after their trials were committed");
        // A driver killed after a commit but before the deletion leaves a committed trial's folder: the next run
        // deletes it.
        String committed = spark().read().parquet(out.resolve("e2e/trials").toString()).select("trial_id")
                .first().getString(0);
        Files.createDirectories(checkpoints.resolve(committed)).resolve("round-1.ckpt").toFile().createNewFile();
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report"));
        assertEquals(List.of(), listing(checkpoints));
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
    }

    private static long batchFiles(String table) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("e2e").resolve(table))) {
            return files.filter(p -> p.getFileName().toString().startsWith("batch-")).count();
        }
    }
}
