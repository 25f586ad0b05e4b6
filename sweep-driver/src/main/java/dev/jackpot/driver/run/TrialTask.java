package dev.jackpot.driver.run;

import dev.jackpot.driver.table.FinishedTrial;
import dev.jackpot.worker.data.HadoopConf;
import dev.jackpot.worker.trial.TrialResult;
import dev.jackpot.worker.trial.TrialRunner;
import dev.jackpot.worker.trial.TrialSpec;
import dev.jackpot.worker.trial.TrialStatus;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * What a Spark task runs on an executor: one trial, with as many ND4J threads as the task has CPUs.
 * A trial that throws is tried again up to {@code maxAttempts} times here, and then recorded as failed with the
 * last error and the number of attempts; Spark's own task retry is left for lost executors.
 */
final class TrialTask implements Function<TrialSpec, FinishedTrial> {
    private final int driverTaskCpus;
    private final int maxAttempts;
    private final String checkpointRoot;
    private final String codeVersion;

    /**
     * @param driverTaskCpus the driver's spark.task.cpus, used only if the task's own count is unknown
     * @param checkpointRoot qualified Hadoop path the trials checkpoint under ("" none): a retried attempt, or the
     *                       task re-run after its executor was lost, resumes after the last finished round
     * @param codeVersion    the driver's code version: only checkpoints it wrote are resumed from
     */
    TrialTask(int driverTaskCpus, int maxAttempts, String checkpointRoot, String codeVersion) {
        this.driverTaskCpus = driverTaskCpus;
        this.maxAttempts = maxAttempts;
        this.checkpointRoot = checkpointRoot;
        this.codeVersion = codeVersion;
    }

    @Override
    public FinishedTrial call(TrialSpec spec) {
        // The CPUs the scheduler reserved for this very task (spark.task.cpus, or a resource profile's):
        // using more threads would oversubscribe the executor, fewer would leave reserved cores idle.
        TaskContext context = TaskContext.get();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            // Datasets and checkpoints are read through Hadoop with the executor's spark.hadoop.* settings (s3a
            // credentials, HDFS client settings), as Spark's own readers are.
            HadoopConf.useSparkSettings(SparkSettings.entries(env.conf()));
        }
        int threads = context != null ? context.cpus() : driverTaskCpus;
        return withAttempts(maxAttempts,
                () -> TrialRunner.runWithCheckpoints(spec, threads, checkpointRoot, codeVersion),
                env == null ? "" : env.executorId());
    }

    /**
     * Runs a trial until it does not fail, at most {@code maxAttempts} times (each attempt resumes from the
     * trial's checkpoints), and names {@code executor} as where it ran.
     */
    static FinishedTrial withAttempts(int maxAttempts, java.util.function.Supplier<TrialResult> attempt,
                                      String executor) {
        TrialResult result = null;
        int attempts = 0;
        while (attempts < maxAttempts && (result == null || result.status() == TrialStatus.FAILED)) {
            attempts++;
            result = attempt.get();
        }
        return new FinishedTrial(result.withExecutor(executor), attempts);
    }
}
