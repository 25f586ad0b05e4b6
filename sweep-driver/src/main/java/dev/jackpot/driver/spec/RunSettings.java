package dev.jackpot.driver.spec;

/**
 * How a sweep is executed (the {@code run} block of the spec). None of these change a trial's numbers,
 * so none of them are part of a trial id.
 *
 * @param master             Spark master URL
 * @param taskCpus           CPUs per Spark task, i.e. ND4J threads per trial: the default of spark.task.cpus,
 *                           which is what the runner uses (spark-submit's --conf spark.task.cpus wins)
 * @param maxTrials          a larger grid is refused unless the user confirms
 * @param maxAttempts        tries of a throwing trial before it is recorded as failed
 * @param commitEveryTrials  commit results after this many finished trials...
 * @param commitEverySeconds ...or after this many seconds, whichever comes first
 * @param lockStaleSeconds   another driver's lock on the output whose heartbeat is older than this is taken over
 * @param checkpointDir      where trials checkpoint after each round: relative paths are under the sweep's output
 *                           folder, absolute paths and URIs as written; "" disables checkpoints
 */
public record RunSettings(
        String master,
        int taskCpus,
        int maxTrials,
        int maxAttempts,
        int commitEveryTrials,
        int commitEverySeconds,
        String checkpointDir,
        int lockStaleSeconds) {
}
