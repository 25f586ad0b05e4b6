package dev.jackpot.driver.analyze;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

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
 */
public final class OptionalColumns {
    /** R_p for p = 0.1 .. 0.5, as column suffixes. */
    public static final List<String> RP = List.of("rp_10", "rp_20", "rp_30", "rp_40", "rp_50");

    static final Map<String, List<String>> BY_TABLE = Map.of(
            "tickets", Stream.concat(RP.stream(), Stream.of("grad_norm_init", "l2_distance", "cosine_distance")).toList(),
            "trials", RP.stream().map(c -> "dense_" + c).toList());

    private OptionalColumns() {}

    /** Re-registers {@code tickets} and {@code trials} with any missing optional column added as NULL. */
    public static void addMissing(SparkSession spark) {
        BY_TABLE.forEach((table, columns) -> {
            Dataset<Row> df = spark.table(table);
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
}
