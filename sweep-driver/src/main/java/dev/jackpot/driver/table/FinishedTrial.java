package dev.jackpot.driver.table;

import dev.jackpot.worker.trial.TrialResult;

import java.io.Serializable;

/**
 * What comes back from a trial's Spark task: the worker's result and how many times the worker ran it.
 *
 * @param attempts runs of the trial on the executor that returned this result: 1 when the first run finished,
 *                 up to run.max-attempts when runs failed; 0 when no result came back at all (Spark gave up on the
 *                 task, e.g. executors lost beyond spark.task.maxFailures)
 */
public record FinishedTrial(TrialResult result, int attempts) implements Serializable {}
