package dev.jackpot.driver.analyze;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.lit;

/**
 * Columns of the ticket lab (weight correlation R_p, gradient norm, distances) that older sweeps lack. The
 * analysis SQL always refers to them; where a table has none, they are added to its view as NULL doubles, so
 * one query works on sweeps from before and after them, and an outcome that was not measured comes out NULL
 * (and its correlations say so) instead of failing the query.
 *
 * <p>The other way round too: {@link dev.jackpot.driver.table.Tables#registerViews} reads with the schema this
 * code knows, which would drop an optional column that the files have (a sweep written by a newer version);
 * such columns are read back in.
 */
public final class OptionalColumns {
    /** R_p for p = 0.1 .. 0.5, as column suffixes. */
    public static final List<String> RP = List.of("rp_10", "rp_20", "rp_30", "rp_40", "rp_50");

    static final Map<String, List<String>> BY_TABLE = Map.of(
            "tickets", Stream.concat(RP.stream(), Stream.of("grad_norm_init", "l2_distance", "cosine_distance")).toList(),
            "trials", RP.stream().map(c -> "dense_" + c).toList());

    private OptionalColumns() {}

    /**
     * Re-registers {@code tickets} and {@code trials} with every optional column: from the files of {@code outputDir}
     * where they have it (null: views not read from a folder), else as NULL.
     */
    public static void addMissing(SparkSession spark, String outputDir) {
        BY_TABLE.forEach((table, columns) -> {
            Dataset<Row> df = spark.table(table);
            if (outputDir != null && df.inputFiles().length > 0) df = withColumnsOfTheFiles(spark, df, table, outputDir, columns);
            Set<String> present = Set.copyOf(Arrays.asList(df.columns()));
            boolean changed = false;
            for (String c : columns) {
                if (!present.contains(c)) {
                    df = df.withColumn(c, lit(null).cast(DataTypes.DoubleType));
                    changed = true;
                }
            }
            if (changed) {
                df.createOrReplaceTempView(table);
            }
        });
    }

    private static Dataset<Row> withColumnsOfTheFiles(SparkSession spark, Dataset<Row> df, String table,
                                                      String outputDir, List<String> columns) {
        Set<String> present = Set.copyOf(Arrays.asList(df.columns()));
        if (present.containsAll(columns)) return df;
        String dir = new org.apache.hadoop.fs.Path(outputDir, table).toString();
        StructType files = spark.read().option("mergeSchema", "true").parquet(dir).schema();
        StructType schema = df.schema();
        for (String c : columns) {
            if (!present.contains(c) && List.of(files.fieldNames()).contains(c)) schema = schema.add(files.apply(c));
        }
        if (schema.size() == df.schema().size()) return df;
        Dataset<Row> read = spark.read().schema(schema).parquet(dir);
        read.createOrReplaceTempView(table);
        return read;
    }
}
