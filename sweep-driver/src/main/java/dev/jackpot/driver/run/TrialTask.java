package dev.jackpot.driver.run;

import dev.jackpot.driver.table.FinishedTrial;
import dev.jackpot.worker.trial.TrialResult;
import dev.jackpot.worker.trial.TrialRunner;
import dev.jackpot.worker.trial.TrialSpec;
import dev.jackpot.worker.trial.TrialStatus;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/**
 * What a Spark task runs on an executor: one trial, with as many ND4J threads as the task has CPUs.
 * A trial that throws is tried again up to {@code maxAttempts} times here, and then recorded as failed with the
 * last error and the number of attempts; Spark's own task retry is left for lost executors.
 */
final class TrialTask implements Function<TrialSpec, FinishedTrial> {
    private final int threads;
    private final int maxAttempts;

    TrialTask(int threads, int maxAttempts) {
        this.threads = threads;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public FinishedTrial call(TrialSpec spec) {
        TrialResult result = null;
        int attempt = 0;
        while (attempt < maxAttempts && (result == null || result.status() == TrialStatus.FAILED)) {
            attempt++;
            result = TrialRunner.run(spec, threads);
        }
        SparkEnv env = SparkEnv.get();
        return new FinishedTrial(result.withExecutor(env == null ? "" : env.executorId()), attempt);
    }
}
