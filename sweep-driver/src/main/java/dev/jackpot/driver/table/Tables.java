package dev.jackpot.driver.table;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import dev.jackpot.worker.metrics.RpValues;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result tables of a sweep output folder, and how to query them. */
public final class Tables {
    /**
     * Bumped whenever a column is added, changes meaning, is renamed or removed: a folder holds one version, so its
     * files read as one table. 3 added {@code trials.mode} and {@code tickets.pruned_nonzero}.
     */
    public static final int SCHEMA_VERSION = 3;

    /**
     * Every table in commit order: {@code trials} comes last because its file is the commit record; a trial
     * with a row there has all its other rows in place.
     */
    public static final Map<String, StructType> ALL = new LinkedHashMap<>();

    static {
        ALL.put(EpochsTable.NAME, EpochsTable.SCHEMA);
        ALL.put(TicketsTable.NAME, TicketsTable.SCHEMA);
        ALL.put(LayersTable.NAME, LayersTable.SCHEMA);
        ALL.put(TrialsTable.NAME, TrialsTable.SCHEMA);
    }

    private Tables() {}

    static Double finiteOrNull(double d) {
        return Double.isFinite(d) ? d : null;
    }

    /** {@code schema} plus the nullable columns prefix10, prefix20 .. prefix50 of R_p for p = 0.1 .. 0.5. */
    static StructType withRp(StructType schema, String prefix) {
        StructType out = schema;
        for (int i = 0; i < RpValues.count(); i++) {
            out = out.add(prefix + Math.round(100 * RpValues.p(i)), DataTypes.DoubleType, true);
        }
        return out;
    }

    /** The R_p values in the order of {@link #withRp}'s columns, null where undefined. */
    static List<Double> rpValues(RpValues rp) {
        return Arrays.stream(rp.values()).mapToObj(Tables::finiteOrNull).toList();
    }

    /**
     * Registers every table of {@code outputDir} as a temporary view named like the table (an empty view when
     * the table has no files yet), so {@code SELECT ... FROM tickets JOIN trials USING (trial_id)} just works.
     * Any Hadoop file system URI works (file://, hdfs://, s3a://).
     */
    public static void registerViews(SparkSession spark, String outputDir) {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        ALL.forEach((name, schema) -> {
            Path dir = new Path(outputDir, name);
            boolean hasFiles;
            try {
                FileSystem fs = dir.getFileSystem(conf);
                hasFiles = fs.exists(dir) && fs.listStatus(dir, ResultStore::isBatchFile).length > 0;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            Dataset<Row> df = hasFiles
                    ? spark.read().schema(schema).parquet(dir.toString())
                    : spark.createDataFrame(List.of(), schema);
            df.createOrReplaceTempView(name);
        });
    }
}
