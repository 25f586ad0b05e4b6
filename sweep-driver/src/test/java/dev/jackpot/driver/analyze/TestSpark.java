package dev.jackpot.driver.analyze;

import org.apache.spark.sql.SparkSession;

/** One small local Spark session for the analysis tests (1 core: the machine is shared). */
final class TestSpark {
    private TestSpark() {}

    static SparkSession session() {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("analysis-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.debug.maxToStringFields", "200")
                .getOrCreate();
        AnalysisViews.tuneForSmallTables(spark);
        return spark;
    }

    /** A session of its own temporary views (same SparkContext), for a test that registers other tables. */
    static SparkSession isolated() {
        SparkSession spark = session().newSession();
        AnalysisViews.tuneForSmallTables(spark);
        return spark;
    }
}
