package dev.jackpot.driver.run;

import org.apache.spark.SparkContext;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Commits batches of finished trials ({@code T}) on a thread of its own, one batch at a time, while the sweep goes on
 * submitting trials.
 *
 * <p>Why: a commit is a few Spark jobs (one Parquet file per table), and their tasks need a task slot like a
 * trial's. Committed from the loop that submits trials, a commit waited behind the trials already queued, and no
 * new trial was submitted meanwhile: a slot stood idle for seconds per commit (measured: 2.7 s in the 34 s quick
 * sweep on local[2]). Here the commit's jobs go to Spark's {@value #POOL} pool, which the fair scheduler
 * ({@code spark.scheduler.mode = FAIR}, the driver's default) serves before the trials' FIFO pool whenever a slot
 * frees up, so a commit delays one trial by its own second or so and nothing waits for it.
 */
final class BackgroundCommits<T> implements AutoCloseable {
    /**
     * The scheduler pool of commit jobs, declared with minShare 1 in the driver's fairscheduler.xml. Where that
     * file is not read, the name still puts commits first: the fair scheduler breaks ties by pool name, and
     * "commits" sorts before the trials' "default".
     */
    static final String POOL = "commits";

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "result-committer");
        t.setDaemon(true);
        return t;
    });
    private final SparkContext spark;
    private final Consumer<List<T>> commit;
    private Future<?> running;

    /** @param commit publishes one batch (and cleans up after it); throws to stop the sweep */
    BackgroundCommits(SparkContext spark, Consumer<List<T>> commit) {
        this.spark = spark;
        this.commit = commit;
    }

    /** Whether a commit is still running. Rethrows what a finished commit threw. */
    boolean busy() throws InterruptedException {
        if (running != null && running.isDone()) {
            finish();
        }
        return running != null;
    }

    /** Starts committing a copy of {@code batch}, after the commit in progress (if any) is done. */
    void start(List<T> batch) throws InterruptedException {
        finish();
        List<T> copy = List.copyOf(batch);
        running = thread.submit(() -> {
            spark.setLocalProperty("spark.scheduler.pool", POOL);
            commit.accept(copy);
        });
    }

    /** Waits for the commit in progress, if any. Rethrows what it threw. */
    void finish() throws InterruptedException {
        if (running == null) {
            return;
        }
        try {
            running.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("commit failed", e.getCause());
        } finally {
            running = null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
