package dev.jackpot.driver.cli;

import dev.jackpot.driver.table.SchemaMarker;
import dev.jackpot.driver.table.Tables;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trials that fail or diverge, in one sweep through the CLI, next to one that runs fine:
 * <ul>
 *   <li>width 1000 fails deterministically in the worker: its network (6.6e10 weights) cannot fit in the
 *       executor's memory, which the worker checks before allocating. The driver does not check memory up front,
 *       since the limit is each executor's. Recorded as failed, with the error, after run.max-attempts = 2 tries.</li>
 *   <li>lr 1e6 diverges: the loss becomes NaN or infinite; the run stops early, its rows are kept, and the summary
 *       counts it at chance and says so.</li>
 * </ul>
 */
class TrialFaultsTest {
    @AfterAll
    static void stopSpark() {
        Results.stop();
    }

    private static final int EPOCHS = 3;

    @TempDir
    static Path dir;
    static Path sweep;
    static String stderr;

    @BeforeAll
    static void runTheSweep() throws Exception {
        Path data = IdxDataset.write(dir.resolve("tiny"), 256, 64);
        Path spec = Files.writeString(dir.resolve("faults.conf"), """
                run.output-root = "%s"
                sweep { name = faults, output = results }
                datasets.tiny.path = "%s"
                grid {
                  architecture = [resmlp1]
                  width = [0.1, 1000]
                  dataset = [tiny]
                  lr = [0.05, 1e6]
                  epochs = [%d]
                }
                prune.rounds = 1
                tickets = [LT]
                run.max-attempts = 2
                """.formatted(dir, data, EPOCHS));
        stderr = BadInputTest.runCapturingStderr(0, "run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report");
        sweep = dir.resolve("results/faults");
    }

    private static Row trial(double width, double lr) {
        List<Row> rows = Results.table(sweep, "trials").where("width = " + width + " AND lr = " + lr)
                .select("status", "error", "attempts", "trial_id").collectAsList();
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    @Test
    void aTrialThatFailsIsRecordedWithItsErrorAfterMaxAttempts() {
        for (double lr : new double[] {0.05, 1e6}) {
            Row failed = trial(1000, lr);
            assertEquals("failed", failed.getString(0));
            assertTrue(failed.getString(1).contains("native memory") && failed.getString(1).contains("width 1000"),
                    failed.getString(1));
            assertEquals(2, failed.getInt(2), "tried run.max-attempts times");
            String id = failed.getString(3);
            assertEquals(0, Results.table(sweep, "tickets").where("trial_id = '" + id + "'").count());
        }
        assertTrue(stderr.contains("failed 2"), stderr);
    }

    @Test
    void theOtherTrialsFinish() {
        Row ok = trial(0.1, 0.05);
        assertEquals("ok", ok.getString(0));
        assertEquals("", ok.getString(1));
        assertEquals(1, ok.getInt(2));
        assertEquals(2, Results.table(sweep, "tickets").where("trial_id = '" + ok.getString(3) + "'").count());
    }

    @Test
    void aDivergingTrialStopsEarlyAndKeepsItsRows() {
        Row diverged = trial(0.1, 1e6);
        assertEquals("diverged", diverged.getString(0));
        assertEquals(1, diverged.getInt(2), "a diverged trial is a result, not a failure: not retried");
        String id = diverged.getString(3);
        List<Row> tickets = Results.table(sweep, "tickets").where("trial_id = '" + id + "'")
                .select("kind", "diverged", "epochs_trained").collectAsList();
        assertEquals(1, tickets.size(), "IMP cannot go on from a diverged dense run");
        assertEquals("DENSE", tickets.get(0).getString(0));
        assertTrue(tickets.get(0).getBoolean(1));
        int trained = tickets.get(0).getInt(2);
        assertTrue(trained >= 1 && trained < EPOCHS, "stopped early: " + trained);
        assertEquals(trained, Results.table(sweep, "epochs").where("trial_id = '" + id + "'").count());
    }

    @Test
    void aFolderWrittenBeforeSchemaMarkersTellsItsVersionFromTheTrialsFooter() throws Exception {
        Path unmarked = Files.createDirectories(dir.resolve("unmarked/trials"));
        for (String f : Results.batchFiles(sweep, "trials")) {
            Files.copy(sweep.resolve("trials").resolve(f), unmarked.resolve(f));
        }
        FileSystem fs = FileSystem.getLocal(new Configuration());
        assertEquals(OptionalInt.of(Tables.SCHEMA_VERSION),
                SchemaMarker.read(fs, new org.apache.hadoop.fs.Path(unmarked.getParent().toString())));
        assertEquals(OptionalInt.of(Tables.SCHEMA_VERSION),
                SchemaMarker.read(fs, new org.apache.hadoop.fs.Path(sweep.toString())), "the marker");
    }

    @Test
    void theSummaryCountsADivergedRunAtChanceAndSaysSo() {
        String summary = summary();
        assertTrue(summary.contains("|1000000.0|") && summary.contains("10.00 ± 0.00"), summary);
        assertTrue(summary.contains("Diverged: 1 run(s) in 1 trial(s)")
                && summary.contains("count at chance (10.00%, analysis.chance)"), summary);
        assertTrue(summary.contains("Failed: 2 trial(s)"), summary);
        assertFalse(summary.contains("null"), summary);
        // The chance level is the analysis setting, not a constant: the report and the summary count alike.
        String moved = summary("--set", "analysis.chance.default=12.5");
        assertTrue(moved.contains("12.50 ± 0.00") && !moved.contains("10.00 ± 0.00")
                && moved.contains("count at chance (12.50%, analysis.chance)"), moved);
    }

    private String summary(String... extra) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            List<String> args = new ArrayList<>(List.of("summary", sweep.toString(), "--master", "local[1]"));
            args.addAll(List.of(extra));
            assertEquals(0, Main.execute(args.toArray(String[]::new)));
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
