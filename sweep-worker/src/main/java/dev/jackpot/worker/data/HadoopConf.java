package dev.jackpot.worker.data;

import org.apache.hadoop.conf.Configuration;

import java.util.Map;

/**
 * The Hadoop configuration every file the worker touches goes through: dataset folders and trial checkpoints.
 * By default Hadoop's own (core-site.xml and friends from the classpath, i.e. HADOOP_CONF_DIR). The driver replaces
 * it, in its own JVM and in every executor, with one that also holds Spark's {@code spark.hadoop.*} settings, as
 * Spark's own readers see them: s3a credentials and endpoints, HDFS client settings, a custom file system.
 *
 * <p>One per JVM, as Spark's is: every task of an executor runs under the same SparkConf.
 */
public final class HadoopConf {
    private static final String SPARK_PREFIX = "spark.hadoop.";
    private static volatile Configuration current = new Configuration();

    private HadoopConf() {}

    /** The configuration to open file systems with. */
    public static Configuration get() {
        return current;
    }

    /**
     * Installs Hadoop's configuration plus every {@code spark.hadoop.<key>} of {@code sparkSettings} as
     * {@code <key>}. Returns what was installed.
     */
    public static Configuration useSparkSettings(Iterable<Map.Entry<String, String>> sparkSettings) {
        Configuration c = new Configuration();
        for (Map.Entry<String, String> e : sparkSettings) {
            if (e.getKey().startsWith(SPARK_PREFIX) && e.getKey().length() > SPARK_PREFIX.length()) {
                c.set(e.getKey().substring(SPARK_PREFIX.length()), e.getValue(), "spark.hadoop.* (Spark settings)");
            }
        }
        current = c;
        return c;
    }
}
