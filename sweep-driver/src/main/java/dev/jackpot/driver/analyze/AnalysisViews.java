package dev.jackpot.driver.analyze;

import dev.jackpot.driver.spec.AnalysisSettings;
import dev.jackpot.driver.table.Tables;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * Registers everything the analysis queries read, in order: the result tables (trials, tickets, epochs), the
 * optional columns they may lack, {@code analysis_params}, then the views of sql/analysis-views.txt, each from
 * its .sql file. After this, {@code SELECT * FROM verdicts} works in the session.
 *
 * <p>Each view is computed once when registered (an eager local checkpoint) and later views read the result.
 * Registered as plain views they would be inlined into each other: verdicts reads conditions several times, which
 * reads kind_stats several times, which reads runs..., and Spark spent minutes planning one such query.
 * The analysis tables are small (a row per cell, lr, kind and round), so holding them in memory is cheap.
 */
public final class AnalysisViews {
    private AnalysisViews() {}

    /** For a sweep output folder. */
    public static void register(SparkSession spark, String outputDir, AnalysisSettings settings) {
        register(spark, outputDir, settings, null);
    }

    /** For a sweep output folder, up to the view {@code last} (null: all of them). */
    public static void register(SparkSession spark, String outputDir, AnalysisSettings settings, String last) {
        Tables.registerViews(spark, outputDir);
        OptionalColumns.addMissing(spark, outputDir);
        registerOverTables(spark, settings, last);
    }

    /**
     * Over views named trials, tickets and epochs that are already registered (tests build them by hand).
     *
     * @param last the last analysis view to register (its predecessors come too), or null for all of them
     */
    public static void registerOverTables(SparkSession spark, AnalysisSettings settings, String last) {
        OptionalColumns.addMissing(spark, null);
        ParamsView.register(spark, settings);
        List<String> views = Sql.views();
        for (String view : last == null ? views : views.subList(0, views.indexOf(last) + 1)) {
            spark.sql(Sql.load(view)).localCheckpoint(true).createOrReplaceTempView(view);
        }
    }

    /**
     * Session settings for queries over tables this small, where planning and code generation cost more than the
     * work: no adaptive re-planning, no broadcast jobs, no whole-stage code generation. About twice as fast.
     * Returns what to restore afterwards.
     */
    public static Runnable tuneForSmallTables(SparkSession spark) {
        String[] keys = {"spark.sql.adaptive.enabled", "spark.sql.autoBroadcastJoinThreshold",
                "spark.sql.codegen.wholeStage"};
        String[] values = {"false", "-1", "false"};
        String[] before = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            before[i] = spark.conf().getOption(keys[i]).getOrElse(() -> null);
            spark.conf().set(keys[i], values[i]);
        }
        return () -> {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) spark.conf().unset(keys[i]); else spark.conf().set(keys[i], before[i]);
            }
        };
    }
}
