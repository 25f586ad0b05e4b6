package dev.jackpot.driver.cli;

import dev.jackpot.driver.run.SparkSettings;
import dev.jackpot.worker.data.ForklessLocalFileSystem;
import dev.jackpot.worker.data.HadoopConf;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession the commands share. */
final class Spark {
    private Spark() {}

    /**
     * @param master   an explicit {@code --master}, or null: then spark-submit's master if there is one, else
     *                 {@code fallback} (the spec's run.master)
     * @param taskCpus the spec's run.task-cpus: spark.task.cpus unless spark-submit set it (as its master wins
     *                 over run.master); each trial trains with spark.task.cpus ND4J threads
     */
    static SparkSession session(String appName, String master, String fallback, int taskCpus) {
        SparkConf conf = settings();
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(fallback);
        }
        conf.setAppName(appName).setIfMissing("spark.task.cpus", Integer.toString(taskCpus));
        int effective = conf.getInt("spark.task.cpus", taskCpus);
        if (effective != taskCpus) {
            System.err.println("spark.task.cpus = " + effective + " (from spark-submit) overrides run.task-cpus = "
                    + taskCpus + ": each trial trains with " + effective + " thread(s)");
        }
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        useHadoopSettings(session.sparkContext().getConf());
        return session;
    }

    /** spark-submit's settings (system properties), plus Jackpot's defaults where they are not set. */
    static SparkConf settings() {
        return new SparkConf(true)
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                .setIfMissing("spark.sql.shuffle.partitions", "8")
                // The trials table is wide; Spark warns when a plan string is cut at its default of 25 fields.
                .setIfMissing("spark.sql.debug.maxToStringFields", "200")
                // Trials are long and few: no need to wait for data locality before starting one.
                .setIfMissing("spark.locality.wait", "0s")
                // Result commits take the next free task slot instead of queueing behind trials (BackgroundCommits).
                .setIfMissing("spark.scheduler.mode", "FAIR")
                // Local files without a forked chmod per file and directory (the class says why).
                .setIfMissing("spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName());
    }

    /** The worker's file access (datasets, checkpoints) in this JVM sees {@code conf}'s spark.hadoop.* settings. */
    static void useHadoopSettings(SparkConf conf) {
        HadoopConf.useSparkSettings(SparkSettings.entries(conf));
    }
}
