package dev.jackpot.driver.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same trial, run twice through the CLI with the same thread count into two output folders, gives
 * bit-identical numbers in every numeric column of tickets and epochs (wall time aside). The same trial with
 * 2 threads instead of 1 is measured against it and the difference printed (documented in
 * docs/ARCHITECTURE.md, "Determinism"); the thread count is in its trials row.
 */
class DeterminismTest {
    @AfterAll
    static void stopSpark() {
        Results.stop();
    }

    /** Wall-clock and memory measurements: the only numbers allowed to differ. */
    private static final Set<String> TIMING = Set.of("seconds", "heap_mb", "native_mb", "rss_mb");

    @TempDir
    static Path dir;
    static Path spec;

    @BeforeAll
    static void writeSpec() throws Exception {
        spec = Files.writeString(dir.resolve("det.conf"), """
                sweep { name = det, output = results }
                grid { architecture = [resmlp1], width = [0.1], epochs = [2], lr = [0.05] }
                prune.rounds = 1
                tickets = [LT, RR]
                """);
    }

    private static Path run(String root) {
        BadInputTest.runCapturingStderr(0, "run", spec.toString(), "--set", "run.output-root=" + dir.resolve(root),
                "--master", "local[1]", "--no-summary", "--no-report");
        return dir.resolve(root).resolve("results/det");
    }

    @Test
    void theSameTrialTwiceGivesBitIdenticalNumbers() throws Exception {
        Path a = run("a");
        Path b = run("b");
        for (String table : List.of("tickets", "epochs")) {
            List<List<Object>> left = numbers(a, table);
            assertTrue(left.size() >= 3 && left.get(0).size() >= 5, table + ": " + left);
            assertEquals(left, numbers(b, table), table);
        }
        assertEquals(numbers(a, "trials"), numbers(b, "trials"));

        // 2 threads (OpenMP and ND4J), in a JVM of its own since OpenMP reads its thread count at start.
        Path c = dir.resolve("c/results/det");
        DriverProcess.runToEnd(dir, dir.resolve("threads2.log"), 2, "run", spec.toString(), "--set",
                "run.output-root=" + dir.resolve("c"), "--set", "run.task-cpus=2", "--master", "local[2]", "--no-summary", "--no-report");
        assertEquals(List.of(2), Results.table(c, "trials").select("threads").distinct().collectAsList().stream()
                .map(r -> r.getInt(0)).toList(), "the thread count is in every trials row");
        assertEquals(List.of(1), Results.table(a, "trials").select("threads").distinct().collectAsList().stream()
                .map(r -> r.getInt(0)).toList());
        assertEquals(keys(a), keys(c), "the thread count is not part of a trial's identity");
        System.out.printf("DeterminismTest: 1 vs 2 threads: tickets identical %s, max |d final_acc| %.3g, "
                        + "max |d final_loss| %.3g; epochs identical %s, max |d test_loss| %.3g, max |d train_loss| %.3g%n",
                numbers(a, "tickets").equals(numbers(c, "tickets")), maxDiff(a, c, "tickets", "final_acc"),
                maxDiff(a, c, "tickets", "final_loss"), numbers(a, "epochs").equals(numbers(c, "epochs")),
                maxDiff(a, c, "epochs", "test_loss"), maxDiff(a, c, "epochs", "train_loss"));
    }

    /** Every numeric column but wall time, rows in key order, doubles as their exact bits. */
    private static List<List<Object>> numbers(Path sweep, String table) {
        Dataset<Row> df = Results.table(sweep, table);
        List<String> columns = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            boolean numeric = f.dataType() == DataTypes.DoubleType || f.dataType() == DataTypes.IntegerType
                    || f.dataType() == DataTypes.LongType;
            if (numeric && !TIMING.contains(f.name()) && !f.name().equals("threads")) columns.add(f.name());
        }
        List<String> order = new ArrayList<>(List.of("trial_id"));
        for (String k : List.of("kind", "round", "epoch")) if (Arrays.asList(df.columns()).contains(k)) order.add(k);
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : df.orderBy(order.stream().map(df::col).toArray(org.apache.spark.sql.Column[]::new))
                .select(columns.stream().map(df::col).toArray(org.apache.spark.sql.Column[]::new)).collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                values.add(v instanceof Double d ? Double.doubleToRawLongBits(d) : v);
            }
            rows.add(values);
        }
        return rows;
    }

    private static List<Row> keys(Path sweep) {
        return Results.table(sweep, "tickets").select("trial_id", "kind", "round").orderBy("trial_id", "kind", "round")
                .collectAsList();
    }

    private static double maxDiff(Path a, Path b, String table, String column) {
        Dataset<Row> l = Results.table(a, table).alias("l");
        Dataset<Row> r = Results.table(b, table).alias("r");
        List<String> keys = new ArrayList<>(List.of("trial_id", "kind", "round"));
        if (table.equals("epochs")) keys.add("epoch");
        String on = String.join(" AND ", keys.stream().map(k -> "l." + k + " = r." + k).toList());
        Row max = l.join(r, org.apache.spark.sql.functions.expr(on))
                .selectExpr("MAX(ABS(l." + column + " - r." + column + "))").first();
        return max.isNullAt(0) ? Double.NaN : max.getDouble(0);
    }
}
