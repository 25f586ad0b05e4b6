package dev.jackpot.driver.analyze;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * Everything the report shows, collected once from the registered analysis views. The analysis tables are small
 * (rows per cell, lr, kind and round), so they fit on the driver; the epochs table is only read aggregated.
 */
record ReportData(
        String sweep,
        List<Row> statuses,
        long runs,
        long divergedRuns,
        long imputedRuns,
        List<Row> params,
        List<Row> verdicts,
        List<Row> winning,
        List<Row> kindStats,
        List<Row> trialOutcomes,
        List<Row> curves,
        List<Row> guidelines,
        boolean rpMeasured) {

    static final String CELL_ORDER = "architecture, dataset, epochs, pruning_method, width, residual";

    static ReportData load(SparkSession spark) {
        List<Row> sweeps = spark.sql("SELECT DISTINCT sweep FROM trials ORDER BY sweep").collectAsList();
        String sweep = sweeps.isEmpty() ? "(no trials)" : String.join(", ", sweeps.stream().map(r -> r.getString(0)).toList());
        Row counts = spark.sql("SELECT COUNT(*), COALESCE(SUM(IF(diverged, 1, 0)), 0),"
                + " COALESCE(SUM(IF(imputed, 1, 0)), 0) FROM runs").first();
        return new ReportData(sweep,
                spark.sql("SELECT status, COUNT(*) AS trials FROM trials GROUP BY status ORDER BY status").collectAsList(),
                counts.getLong(0), counts.getLong(1), counts.getLong(2),
                spark.sql("SELECT * FROM analysis_params ORDER BY dataset").collectAsList(),
                spark.sql("SELECT * FROM verdicts ORDER BY " + CELL_ORDER + ", sparsity").collectAsList(),
                spark.sql("SELECT * FROM winning ORDER BY " + CELL_ORDER).collectAsList(),
                spark.sql("SELECT * FROM kind_stats ORDER BY " + CELL_ORDER + ", lr, kind, round").collectAsList(),
                spark.sql("SELECT * FROM trial_outcomes ORDER BY trial_id, round").collectAsList(),
                spark.sql("SELECT * FROM curves ORDER BY " + CELL_ORDER + ", lr, kind, round, epoch").collectAsList(),
                spark.sql("SELECT * FROM guidelines ORDER BY factor, level_order, level").collectAsList(),
                spark.sql("SELECT 1 FROM runs WHERE rp_10 IS NOT NULL LIMIT 1").count() > 0);
    }
}
