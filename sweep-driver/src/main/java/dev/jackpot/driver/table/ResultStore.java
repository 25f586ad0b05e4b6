package dev.jackpot.driver.table;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Parquet tables of one sweep output folder, committed batch by batch.
 *
 * <p>Commit protocol: each table of a batch is written by Spark into {@code _staging/<batch>/<table>/}, then its
 * single file is renamed to {@code <table>/batch-<batch>.parquet}: epochs, tickets, layers, then trials. A rename is
 * atomic on local and HDFS file systems, so readers see a table file whole or not at all, and the trials file
 * is the commit record: a batch whose trials file is missing (a driver killed mid-commit) is rolled back by
 * {@link #recover()} at the next start, and its trials are run again. Readers that join on {@code trials}
 * never see such a partial batch.
 */
public final class ResultStore {
    private static final String STAGING = "_staging";
    private static final String PREFIX = "batch-";
    private static final String SUFFIX = ".parquet";

    private final SparkSession spark;
    private final FileSystem fs;
    private final Path root;
    private final String sweep;
    private final String codeVersion;
    private final Runnable beforePublish;

    private ResultStore(SparkSession spark, Path root, String sweep, String codeVersion, Runnable beforePublish)
            throws IOException {
        this.spark = spark;
        this.root = root;
        this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        this.sweep = sweep;
        this.codeVersion = codeVersion;
        this.beforePublish = beforePublish;
    }

    /**
     * Opens (creating if needed) the output folder, marks its schema version and rolls back any half-committed
     * batch. {@code beforePublish} runs before each batch is renamed into the tables, and throws to stop a
     * driver that no longer holds the output's lock.
     */
    public static ResultStore open(SparkSession spark, String outputDir, String sweep, String codeVersion,
                                   Runnable beforePublish) {
        try {
            ResultStore store = new ResultStore(spark, new Path(outputDir), sweep, codeVersion, beforePublish);
            for (String table : Tables.ALL.keySet()) {
                store.fs.mkdirs(new Path(store.root, table));
            }
            SchemaMarker.writeIfMissing(store.fs, store.root);
            store.recover();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open output folder " + outputDir, e);
        }
    }

    public static boolean isBatchFile(Path p) {
        return p.getName().startsWith(PREFIX) && p.getName().endsWith(SUFFIX);
    }

    /** Removes staging leftovers and table files whose batch never reached {@code trials}. */
    void recover() throws IOException {
        fs.delete(new Path(root, STAGING), true);
        Set<String> committed = batchIds(TrialsTable.NAME);
        for (String table : Tables.ALL.keySet()) {
            for (String batch : batchIds(table)) {
                if (!committed.contains(batch)) {
                    fs.delete(file(table, batch), false);
                }
            }
        }
    }

    /** Ids of the trials already committed (any status): a re-run skips them. */
    public Set<String> committedTrialIds() {
        if (batchIds(TrialsTable.NAME).isEmpty()) {
            return Set.of();
        }
        List<Row> rows = spark.read().schema(TrialsTable.SCHEMA).parquet(new Path(root, TrialsTable.NAME).toString())
                .select("trial_id").collectAsList();
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    /** Writes the batch's rows to every table, trials last. Returns the batch id. */
    public String commit(List<FinishedTrial> batch) {
        if (batch.isEmpty()) {
            return "";
        }
        String id = String.format("%d-%08x", System.currentTimeMillis(), ThreadLocalRandom.current().nextInt());
        List<Row> epochs = new ArrayList<>();
        List<Row> tickets = new ArrayList<>();
        List<Row> layers = new ArrayList<>();
        List<Row> trials = new ArrayList<>();
        for (FinishedTrial f : batch) {
            epochs.addAll(EpochsTable.rows(sweep, f.result()));
            tickets.addAll(TicketsTable.rows(sweep, f.result()));
            layers.addAll(LayersTable.rows(sweep, f.result()));
            trials.add(TrialsTable.row(sweep, f, codeVersion));
        }
        Map<String, List<Row>> rows = Map.of(EpochsTable.NAME, epochs, TicketsTable.NAME, tickets,
                LayersTable.NAME, layers, TrialsTable.NAME, trials);
        try {
            for (Map.Entry<String, StructType> table : Tables.ALL.entrySet()) {
                stage(id, table.getKey(), rows.get(table.getKey()), table.getValue());
            }
            beforePublish.run();
            for (String table : Tables.ALL.keySet()) {
                publish(id, table);
            }
            fs.delete(new Path(new Path(root, STAGING), id), true);
        } catch (IOException e) {
            throw new UncheckedIOException("commit of batch " + id + " to " + root + " failed", e);
        }
        return id;
    }

    /** Saves the effective spec next to the tables, for the record. */
    public void saveSpec(String resolvedConfig) {
        try (var out = fs.create(new Path(root, "sweep.conf"), true)) {
            out.write(resolvedConfig.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + new Path(root, "sweep.conf"), e);
        }
    }

    private void stage(String id, String table, List<Row> rows, StructType schema) {
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(staged(id, table).toString());
    }

    private void publish(String id, String table) throws IOException {
        FileStatus[] parts = fs.listStatus(staged(id, table), p -> p.getName().endsWith(SUFFIX));
        if (parts.length != 1) {
            throw new IOException("expected one Parquet file in " + staged(id, table) + ", found " + parts.length);
        }
        if (!fs.rename(parts[0].getPath(), file(table, id))) {
            throw new IOException("rename of " + parts[0].getPath() + " to " + file(table, id) + " failed");
        }
    }

    private Path staged(String id, String table) {
        return new Path(new Path(new Path(root, STAGING), id), table);
    }

    private Path file(String table, String batch) {
        return new Path(new Path(root, table), PREFIX + batch + SUFFIX);
    }

    private Set<String> batchIds(String table) {
        try {
            Set<String> ids = new HashSet<>();
            Path dir = new Path(root, table);
            if (!fs.exists(dir)) {
                return ids;
            }
            for (FileStatus f : fs.listStatus(dir, ResultStore::isBatchFile)) {
                String name = f.getPath().getName();
                ids.add(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + new Path(root, table), e);
        }
    }
}
