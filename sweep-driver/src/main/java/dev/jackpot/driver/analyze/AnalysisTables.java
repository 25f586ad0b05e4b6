package dev.jackpot.driver.analyze;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The tables the report writes next to trials, tickets and epochs: {@code verdicts}, {@code correlations},
 * {@code guidelines} and {@code analysis_params} (the settings they were computed with). Unlike the run's tables
 * they are derived, so each report replaces them whole (one Parquet file each) rather than adding batches.
 */
public final class AnalysisTables {
    public static final List<String> NAMES = List.of("verdicts", Correlations.NAME, "guidelines", ParamsView.NAME);

    private AnalysisTables() {}

    /** Writes {@code df} as table {@code name} of {@code outputDir}, with the sweep name as first column. */
    static void write(Dataset<Row> df, String outputDir, String name, String sweep) {
        List<Column> columns = new ArrayList<>();
        columns.add(lit(sweep).as("sweep"));
        for (String c : df.columns()) {
            if (!c.equals("sweep")) columns.add(col(c));
        }
        df.select(columns.toArray(Column[]::new)).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(outputDir, name).toString());
    }

    /**
     * Registers, as views, the analysis tables a report already wrote into {@code outputDir} (for {@code sweep sql}
     * and notebooks); a table that is not there is skipped.
     */
    public static void registerWritten(SparkSession spark, String outputDir) {
        for (String name : NAMES) {
            Path dir = new Path(outputDir, name);
            try {
                FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (fs.exists(new Path(dir, "_SUCCESS"))) {
                    spark.read().parquet(dir.toString()).createOrReplaceTempView(name);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir, e);
            }
        }
    }
}
