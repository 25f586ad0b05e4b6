package dev.jackpot.driver.analyze;

import dev.jackpot.driver.table.EpochsTable;
import dev.jackpot.driver.table.TicketsTable;
import dev.jackpot.driver.table.TrialsTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Hand-made result tables with the real schemas (TrialsTable, TicketsTable, EpochsTable), for tests whose right
 * answer is known. Accuracies are given in percent and stored as fractions, as the worker stores them, so the
 * floating-point round trip of the real tables is part of every test. Columns a test does not set get a neutral
 * value (or NULL where nullable), so the fixture keeps compiling when the tables gain columns.
 *
 * <p>{@link #withTicketLab()} adds the columns the ticket lab adds (R_p, distances), to test both schemas.
 */
final class HandMadeSweep {
    static final List<String> TICKET_LAB_TICKETS = List.of("rp_10", "rp_20", "rp_30", "rp_40", "rp_50",
            "grad_norm_init", "l2_distance", "cosine_distance");
    static final List<String> TICKET_LAB_TRIALS = List.of("dense_rp_10", "dense_rp_20", "dense_rp_30", "dense_rp_40",
            "dense_rp_50");

    private StructType trialsSchema = TrialsTable.SCHEMA;
    private StructType ticketsSchema = TicketsTable.SCHEMA;
    private final Map<String, Map<String, Object>> trials = new LinkedHashMap<>();
    private final List<Map<String, Object>> tickets = new ArrayList<>();
    private final List<Map<String, Object>> epochs = new ArrayList<>();

    /** The settings that make a cell, with defaults; tests change one or two. */
    record Cell(String architecture, int depth, double width, boolean residual, String dataset, int epochs,
                String method) {
        static Cell of(String architecture) {
            return new Cell(architecture, 4, 1.0, true, "fashion-mnist-subset", 10, "imp");
        }

        Cell width(double w) {
            return new Cell(architecture, depth, w, residual, dataset, epochs, method);
        }

        Cell residual(boolean r) {
            return new Cell(architecture, depth, width, r, dataset, epochs, method);
        }

        Cell dataset(String d) {
            return new Cell(architecture, depth, width, residual, d, epochs, method);
        }

        Cell epochs(int e) {
            return new Cell(architecture, depth, width, residual, dataset, e, method);
        }

        Cell depth(int d) {
            return new Cell(architecture, d, width, residual, dataset, epochs, method);
        }
    }

    HandMadeSweep withTicketLab() {
        trialsSchema = extend(trialsSchema, TICKET_LAB_TRIALS);
        ticketsSchema = extend(ticketsSchema, TICKET_LAB_TICKETS);
        return this;
    }

    private static StructType extend(StructType schema, List<String> columns) {
        for (String c : columns) {
            if (!List.of(schema.fieldNames()).contains(c)) schema = schema.add(c, DataTypes.DoubleType, true);
        }
        return schema;
    }

    /** The trials of one cell at one learning rate, one per seed (1, 2, ...), created on first use. */
    At at(Cell cell, double lr, int seeds) {
        List<String> ids = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            String id = String.format("%s-w%s-r%s-%s-e%d-%s-lr%s-s%d", cell.architecture, cell.width, cell.residual,
                    cell.dataset, cell.epochs, cell.method, lr, s);
            ids.add(id);
            final int seed = s;
            trials.computeIfAbsent(id, k -> {
                Map<String, Object> t = new HashMap<>();
                t.put("sweep", "hand");
                t.put("trial_id", id);
                t.put("architecture", cell.architecture);
                t.put("depth", cell.depth);
                t.put("dataset", cell.dataset);
                t.put("width", cell.width);
                t.put("residual", cell.residual);
                t.put("lr", lr);
                t.put("epochs", cell.epochs);
                t.put("seed", (long) seed);
                t.put("pruning_method", cell.method);
                t.put("prune_rate", 0.2);
                t.put("rounds", 4);
                t.put("tickets", "LT,RR,RP");
                t.put("status", "ok");
                return t;
            });
        }
        return new At(ids, lr);
    }

    /** The trials of one (cell, lr), one per seed: each call adds one run per seed. */
    final class At {
        private final List<String> ids;
        private final double lr;

        At(List<String> ids, double lr) {
            this.ids = ids;
            this.lr = lr;
        }

        /** The dense run's accuracy for each seed, in percent. */
        At dense(double... acc) {
            return run("DENSE", 0, acc);
        }

        /** One ticket kind at one IMP round (sparsity 1 - 0.8^round), accuracy per seed in percent. */
        At run(String kind, int round, double... acc) {
            if (acc.length != ids.size()) throw new IllegalArgumentException("one accuracy per seed");
            for (int i = 0; i < ids.size(); i++) {
                Map<String, Object> k = new HashMap<>();
                k.put("sweep", "hand");
                k.put("trial_id", ids.get(i));
                k.put("kind", kind);
                k.put("round", round);
                k.put("sparsity_target", 1 - Math.pow(0.8, round));
                k.put("sparsity_achieved", 1 - Math.pow(0.8, round));
                k.put("final_acc", Double.isNaN(acc[i]) ? null : acc[i] / 100);
                k.put("best_acc", Double.isNaN(acc[i]) ? null : acc[i] / 100);
                k.put("diverged", Double.isNaN(acc[i]));
                k.put("lr", lr);
                tickets.add(k);
            }
            return this;
        }

        /** Sets a column on the last run added for every seed (e.g. rp_10), one value per seed. */
        At set(String column, Object... values) {
            for (int i = 0; i < ids.size(); i++) {
                tickets.get(tickets.size() - ids.size() + i).put(column, values[i]);
            }
            return this;
        }

        /** Sets a trials column for every seed of this (cell, lr). */
        At trial(String column, Object value) {
            ids.forEach(id -> trials.get(id).put(column, value));
            return this;
        }

        /** Epoch rows of the last run added: test accuracy per epoch (percent), the same for every seed. */
        At curve(double... accPerEpoch) {
            for (int i = 0; i < ids.size(); i++) {
                Map<String, Object> last = tickets.get(tickets.size() - ids.size() + i);
                for (int e = 0; e < accPerEpoch.length; e++) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("sweep", "hand");
                    row.put("trial_id", ids.get(i));
                    row.put("kind", last.get("kind"));
                    row.put("round", last.get("round"));
                    row.put("epoch", e + 1);
                    row.put("lr", lr);
                    row.put("train_loss", 2.0 / (e + 1));
                    row.put("test_loss", 2.0 / (e + 1));
                    row.put("test_acc", accPerEpoch[e] / 100);
                    epochs.add(row);
                }
            }
            return this;
        }
    }

    /** Registers the tables as the views trials, tickets and epochs. */
    void register(SparkSession spark) {
        spark.createDataFrame(rows(trials.values().stream().toList(), trialsSchema), trialsSchema)
                .createOrReplaceTempView("trials");
        spark.createDataFrame(rows(tickets, ticketsSchema), ticketsSchema).createOrReplaceTempView("tickets");
        spark.createDataFrame(rows(epochs, EpochsTable.SCHEMA), EpochsTable.SCHEMA).createOrReplaceTempView("epochs");
    }

    /** Writes the tables into {@code dir} as a sweep output folder (one batch file per table) with a sweep.conf. */
    void write(SparkSession spark, Path dir, String sweepConf) {
        writeTable(spark, dir, "trials", rows(trials.values().stream().toList(), trialsSchema), trialsSchema);
        writeTable(spark, dir, "tickets", rows(tickets, ticketsSchema), ticketsSchema);
        writeTable(spark, dir, "epochs", rows(epochs, EpochsTable.SCHEMA), EpochsTable.SCHEMA);
        try {
            Files.writeString(dir.resolve("sweep.conf"), sweepConf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeTable(SparkSession spark, Path dir, String table, List<Row> rows, StructType schema) {
        Path staging = dir.resolve("_fixture").resolve(table);
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(staging.toString());
        try (Stream<Path> files = Files.list(staging)) {
            Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.createDirectories(dir.resolve(table));
            Files.move(part, dir.resolve(table).resolve("batch-1-fixture.parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> rows(List<Map<String, Object>> maps, StructType schema) {
        return maps.stream().map(m -> {
            Object[] values = new Object[schema.size()];
            StructField[] fields = schema.fields();
            for (int i = 0; i < fields.length; i++) {
                Object v = m.get(fields[i].name());
                values[i] = v != null || fields[i].nullable() ? v : neutral(fields[i].dataType());
            }
            return RowFactory.create(values);
        }).toList();
    }

    private static Object neutral(DataType type) {
        if (type == DataTypes.StringType) return "";
        if (type == DataTypes.IntegerType) return 0;
        if (type == DataTypes.LongType) return 0L;
        if (type == DataTypes.DoubleType) return 0.0;
        if (type == DataTypes.BooleanType) return false;
        if (type == DataTypes.TimestampType) return new Timestamp(0);
        throw new IllegalArgumentException("no neutral value for " + type);
    }
}
