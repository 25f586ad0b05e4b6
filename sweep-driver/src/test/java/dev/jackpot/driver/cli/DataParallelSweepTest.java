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
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trial.mode = data-parallel} through {@code sweep run} on the bundled subset in {@code local[2]}: one trial
 * of lenet300 (width 0.25, 2 epochs, 2 IMP rounds of LT) trained with dl4j-spark across 2 workers, and the same
 * trial in single mode into another folder. About a minute, nearly all of it the data-parallel trial: each of its
 * 474 steps is a parameter-averaging round of Spark jobs.
 */
class DataParallelSweepTest {
    /**
     * Largest difference in test accuracy between the two modes allowed per run: 1 point (10 of the 1,000 test
     * images). Why: on this problem the two modes compute the same steps up to float32 summation order (no
     * BatchNorm; 64-row minibatches cut into two 32-row slices), so their accuracies part only as far as rounding
     * drifts. Measured by hand (bin/sweep, this cell, OMP_NUM_THREADS=1): seeds 1-3 in both modes gave identical
     * accuracies in 8 of 9 runs and 0.2 points apart in the ninth (seed 2, round 2: a rounding difference flipped a
     * few weights at the pruning threshold); across seeds 1-5 the single runs spread with a standard deviation of
     * 1.28 (dense), 0.87 (LT round 1) and 0.38 points (round 2), ranges 3.6, 2.3 and 1.0 points. So 1 point is 5x
     * the drift seen and under the seed-to-seed spread: a data-parallel run that trained on other data, on half of
     * it, or with another schedule would look like another seed and most likely fail somewhere in the three runs.
     * The first epoch's training loss (below) is the tighter check of the same steps.
     */
    private static final double ACCURACY_TOLERANCE = 0.01;

    @TempDir
    static Path dir;

    @BeforeAll
    static void runBothModes() throws IOException {
        Path spec = dir.resolve("dp.conf");
        Files.writeString(spec, """
                run.output-root = "%s"
                sweep.output = results
                grid { architecture = [lenet300], width = [0.25], lr = [0.05], epochs = [2], seed = [1] }
                train.batch-size = 64
                prune.rounds = 2
                tickets = [LT]
                metrics.grad-norm-examples = 256
                trial.data-parallel.workers = 2
                """.formatted(dir.toString().replace("\\", "/")));
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report",
                "--set", "sweep.name=single"));
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report",
                "--set", "sweep.name=dp", "--set", "trial.mode=data-parallel"));
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static SparkSession spark() {
        return SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    }

    private static List<Row> rows(String sweep, String sql) {
        SparkSession spark = spark();
        Tables.registerViews(spark, dir.resolve("results").resolve(sweep).toString());
        return spark.sql(sql).collectAsList();
    }

    @Test
    void theTrialIsRecordedAsDataParallelUnderItsOwnId() {
        Row dp = rows("dp", "SELECT trial_id, status, mode, executor_id, schema_version FROM trials").get(0);
        Row single = rows("single", "SELECT trial_id, status, mode, executor_id FROM trials").get(0);
        assertEquals("ok", dp.getString(1));
        assertEquals("data-parallel", dp.getString(2));
        assertEquals("data-parallel x 2", dp.getString(3));
        assertEquals(Tables.SCHEMA_VERSION, dp.getInt(4));
        assertEquals("ok", single.getString(1));
        assertEquals("single", single.getString(2));
        assertNotEquals(dp.getString(0), single.getString(0), "the mode is part of a data-parallel trial's id");
    }

    @Test
    void everyPrunedWeightIsExactlyZeroAndSparsityIsExactPerRound() {
        List<Row> tickets = rows("dp", "SELECT kind, round, alive_weights, prunable_weights, pruned_nonzero,"
                + " sparsity_achieved FROM tickets ORDER BY round");
        assertEquals(List.of(0, 1, 2), tickets.stream().map(r -> r.getInt(1)).toList());
        for (Row t : tickets) {
            // pruned_nonzero counts, at the end of the run, the weights outside its mask that are not exactly 0.
            assertEquals(0L, t.getLong(4), "pruned weights revived in " + t);
            long expectedAlive = Math.round(t.getLong(3) * Math.pow(0.8, t.getInt(1)));
            assertEquals(expectedAlive, t.getLong(2), "alive weights off the IMP schedule: " + t);
        }
    }

    @Test
    void accuracyIsCloseToTheSingleExecutorRunOfTheSameTrial() {
        String sql = "SELECT CONCAT(kind, round) AS run, final_acc FROM tickets";
        Map<String, Double> dp = rows("dp", sql).stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
        Map<String, Double> single = rows("single", sql).stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
        assertEquals(single.keySet(), dp.keySet());
        System.out.println("final accuracy, data-parallel vs single: " + dp + " vs " + single);
        single.forEach((run, acc) -> assertTrue(Math.abs(dp.get(run) - acc) <= ACCURACY_TOLERANCE,
                run + ": data-parallel " + dp.get(run) + ", single " + acc));
        // The same steps: after the first epoch of the dense run (79 steps) the mean training loss agrees to
        // rounding (measured 5e-8 apart); a different step (half the data, no momentum) would be off in the 2nd digit.
        String loss = "SELECT train_loss FROM epochs WHERE kind = 'DENSE' AND epoch = 1";
        double a = rows("dp", loss).get(0).getDouble(0);
        double b = rows("single", loss).get(0).getDouble(0);
        assertEquals(b, a, 1e-5, "first-epoch training loss");
    }
}
