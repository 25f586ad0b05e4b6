package dev.jackpot.driver.run;

import dev.jackpot.driver.spec.SweepSpec;
import dev.jackpot.driver.table.FinishedTrial;
import dev.jackpot.driver.table.ResultStore;
import dev.jackpot.worker.trial.TrialResult;
import dev.jackpot.worker.trial.TrialSpec;
import dev.jackpot.worker.trial.TrialStatus;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the trials of a sweep that are not in the output yet, one Spark job of one task per trial, as many at
 * once as the cluster has task slots, and commits results in small batches as trials finish.
 *
 * <p>One job per trial (rather than one job over all trials) is what lets results be committed while the sweep
 * runs, names each job after its trial in the Spark UI, and keeps a lost trial from failing the whole sweep.
 */
public final class SweepRunner {
    private final SparkSession spark;
    private final SweepSpec spec;
    private final String outputDir;
    private final PrintStream log;
    private final Runnable beforeCommit;

    /** @param beforeCommit runs before each batch is published; throws to stop (see OutputLock#requireHeld) */
    public SweepRunner(SparkSession spark, SweepSpec spec, PrintStream log, Runnable beforeCommit) {
        this.spark = spark;
        this.spec = spec;
        this.outputDir = spec.outputDir();
        this.log = log;
        this.beforeCommit = beforeCommit;
    }

    /** What a run did. */
    public record Outcome(int planned, int skipped, int ran, int failed) {}

    public Outcome run(String codeVersion) throws InterruptedException {
        ResultStore store = ResultStore.open(spark, outputDir, spec.name(), codeVersion, beforeCommit);
        store.saveSpec(spec.resolvedConfig());
        Set<String> done = store.committedTrialIds();
        List<TrialSpec> todo = spec.trials().stream().filter(t -> !done.contains(t.id())).toList();
        int skipped = spec.trials().size() - todo.size();
        int slots = taskSlots();
        log.printf("sweep %s: %d trials, %d already in %s, %d to run on %d task slot(s) of %d cpu(s)%n",
                spec.name(), spec.trials().size(), skipped, outputDir, todo.size(), slots, spec.run().taskCpus());
        if (todo.isEmpty()) {
            return new Outcome(spec.trials().size(), skipped, 0, 0);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrialTask task = new TrialTask(spec.run().taskCpus(), spec.run().maxAttempts());
        ExecutorService pool = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "trial-submitter");
            t.setDaemon(true);
            return t;
        });
        CompletionService<FinishedTrial> completions = new ExecutorCompletionService<>(pool);
        for (TrialSpec trial : todo) {
            completions.submit(() -> runOne(jsc, task, trial));
        }
        Progress progress = new Progress(log, todo.size());
        List<FinishedTrial> batch = new ArrayList<>();
        long lastCommit = System.nanoTime();
        try {
            int finished = 0;
            while (finished < todo.size()) {
                // Wake up at least every commit interval, so results wait at most that long to be committed.
                Future<FinishedTrial> next = completions.poll(spec.run().commitEverySeconds(), TimeUnit.SECONDS);
                if (next != null) {
                    FinishedTrial result = getQuietly(next);
                    batch.add(result);
                    finished++;
                    progress.finished(result.result().spec().id(), result.result().status().name().toLowerCase());
                }
                boolean due = System.nanoTime() - lastCommit >= TimeUnit.SECONDS.toNanos(spec.run().commitEverySeconds());
                if (!batch.isEmpty() && (batch.size() >= spec.run().commitEveryTrials() || due)) {
                    store.commit(batch);
                    batch.clear();
                    lastCommit = System.nanoTime();
                }
            }
            store.commit(batch);
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(spec.trials().size(), skipped, todo.size(), progress.failed());
    }

    private FinishedTrial runOne(JavaSparkContext jsc, TrialTask task, TrialSpec trial) {
        String description = String.format("trial %s: %s w=%s residual=%s lr=%s epochs=%d seed=%d", trial.id(),
                trial.architecture(), trial.width(), trial.residual(), trial.lr(), trial.epochs(), trial.seed());
        jsc.setJobGroup("trial-" + trial.id(), description, true);
        try {
            return jsc.parallelize(List.of(trial), 1).map(task).collect().get(0);
        } catch (RuntimeException e) {
            // Lost executors beyond spark.task.maxFailures, or a result that could not come back: record it.
            String error = ("spark: " + e.getMessage()).replaceAll("\\s+", " ");
            return new FinishedTrial(new TrialResult(trial, TrialStatus.FAILED,
                    error.substring(0, Math.min(error.length(), 2000)), 0, "", "", "", 0, List.of(), List.of()), 0);
        } finally {
            jsc.clearJobGroup();
        }
    }

    private static FinishedTrial getQuietly(Future<FinishedTrial> f) throws InterruptedException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("trial submission failed", e.getCause());
        }
    }

    /** Concurrent trials: the cluster's cores over the cores each trial takes. */
    private int taskSlots() {
        int cores = spark.sparkContext().defaultParallelism();
        return Math.max(1, cores / spec.run().taskCpus());
    }
}
