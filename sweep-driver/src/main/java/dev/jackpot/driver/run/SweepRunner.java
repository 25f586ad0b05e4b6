package dev.jackpot.driver.run;

import dev.jackpot.driver.spec.SweepSpec;
import dev.jackpot.driver.table.FinishedTrial;
import dev.jackpot.driver.table.ResultStore;
import dev.jackpot.worker.trial.TrialMemory;
import dev.jackpot.worker.trial.TrialResult;
import dev.jackpot.worker.trial.TrialRunner;
import dev.jackpot.worker.trial.TrialSpec;
import dev.jackpot.worker.trial.TrialStatus;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the trials of a sweep that are not in the output yet, one Spark job of one task per trial, keeping the
 * cluster's task slots busy, and commits results in small batches as trials finish.
 *
 * <p>One job per trial (rather than one job over all trials) is what lets results be committed while the sweep
 * runs, names each job after its trial in the Spark UI, and keeps a lost trial from failing the whole sweep.
 *
 * <p>The CPUs of a trial are the session's {@code spark.task.cpus} (the spec's {@code run.task-cpus} unless
 * spark-submit set it): the scheduler packs tasks by it, and each task trains with that many ND4J threads.
 *
 * <p>Data-parallel trials ({@code trial.mode = data-parallel}) run one at a time instead, on the driver: each of
 * their runs trains across the whole cluster ({@link DataParallelTrainer}), its steps being Spark jobs of the
 * trial's job group. Results are committed the same way.
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
        String checkpoints = checkpointRoot(spec.run().checkpointDir(), outputDir,
                spark.sparkContext().hadoopConfiguration());
        // A driver killed between a commit and the deletion of the committed trials' checkpoints leaves them behind.
        deleteCheckpoints(checkpoints, done);
        List<TrialSpec> todo = spec.trials().stream().filter(t -> !done.contains(t.id())).toList();
        int skipped = spec.trials().size() - todo.size();
        int taskCpus = taskCpus(spark);
        // A data-parallel trial takes the whole cluster for each step: one in flight at a time.
        boolean dataParallel = todo.stream().anyMatch(t -> t.mode().isDataParallel());
        if (dataParallel) {
            log.printf("sweep %s: %d trials, %d already in %s, %d to run one at a time, each data-parallel over %d"
                    + " workers (%d task slot(s) of %d cpu(s) now)%n", spec.name(), spec.trials().size(), skipped,
                    outputDir, todo.size(), todo.get(0).mode().workers(), taskSlots(taskCpus), taskCpus);
        } else {
            log.printf("sweep %s: %d trials, %d already in %s, %d to run on %d task slot(s) of %d cpu(s)%n",
                    spec.name(), spec.trials().size(), skipped, outputDir, todo.size(), taskSlots(taskCpus), taskCpus);
        }
        if (todo.isEmpty()) {
            return new Outcome(spec.trials().size(), skipped, 0, 0);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrialTask task = new TrialTask(taskCpus, spec.run().maxAttempts(), checkpoints, codeVersion);
        // One thread per trial in flight, each blocked in its job's collect(); the pool grows with the window.
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trial-submitter");
            t.setDaemon(true);
            return t;
        });
        CompletionService<FinishedTrial> completions = new ExecutorCompletionService<>(pool);
        Deque<TrialSpec> queue = new ArrayDeque<>(todo);
        Progress progress = new Progress(log, todo.size());
        List<FinishedTrial> batch = new ArrayList<>();
        long lastCommit = System.nanoTime();
        try (BackgroundCommits<FinishedTrial> commits = new BackgroundCommits<>(spark.sparkContext(), published -> {
            store.commit(published);
            deleteCheckpoints(checkpoints, ids(published));
        })) {
            int finished = 0;
            int inFlight = 0;
            while (finished < todo.size()) {
                // Twice the task slots counted now: executors on a cluster register after the driver starts
                // (and dynamic allocation adds more when it sees tasks waiting), so the window grows with them,
                // and a waiting trial starts the moment a slot frees up.
                while (!queue.isEmpty() && inFlight < (dataParallel ? 1 : 2 * taskSlots(taskCpus))) {
                    TrialSpec trial = queue.poll();
                    completions.submit(trial.mode().isDataParallel()
                            ? () -> runDataParallel(jsc, trial, taskCpus, checkpoints, codeVersion)
                            : () -> runOne(jsc, task, trial));
                    inFlight++;
                }
                // Wake up every second: to widen the window and to commit on time.
                Future<FinishedTrial> next = completions.poll(1, TimeUnit.SECONDS);
                if (next != null) {
                    FinishedTrial result = getQuietly(next);
                    batch.add(result);
                    finished++;
                    inFlight--;
                    progress.finished(result.result().spec().id(), result.result().status().name().toLowerCase());
                }
                boolean due = System.nanoTime() - lastCommit >= TimeUnit.SECONDS.toNanos(spec.run().commitEverySeconds());
                // One commit at a time; finished trials wait in the batch meanwhile.
                if (!commits.busy() && !batch.isEmpty() && (batch.size() >= spec.run().commitEveryTrials() || due)) {
                    commits.start(batch);
                    batch.clear();
                    lastCommit = System.nanoTime();
                }
            }
            commits.start(batch);
            commits.finish();
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(spec.trials().size(), skipped, todo.size(), progress.failed());
    }

    /**
     * The qualified folder trials checkpoint under ("" when off): {@code setting} under the sweep's output folder
     * when relative, as written when absolute or a URI, qualified so that executors in other working folders (or on
     * other hosts, for a shared file system) find the same place.
     */
    static String checkpointRoot(String setting, String outputDir, Configuration conf) {
        if (setting.isEmpty()) {
            return "";
        }
        Path p = new Path(setting);
        Path resolved = p.toUri().getScheme() != null || p.isAbsolute() ? p : new Path(new Path(outputDir), setting);
        try {
            return resolved.getFileSystem(conf).makeQualified(resolved).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the checkpoint folder " + resolved, e);
        }
    }

    /** Deletes the checkpoints of trials whose results are committed; a failure only costs disk space. */
    private void deleteCheckpoints(String root, Set<String> trialIds) {
        if (root.isEmpty() || trialIds.isEmpty()) {
            return;
        }
        try {
            Path dir = new Path(root);
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(dir)) {
                return;
            }
            for (String id : trialIds) {
                fs.delete(new Path(dir, id), true);
            }
        } catch (IOException e) {
            log.println("warning: cannot delete checkpoints under " + root + ": " + e);
        }
    }

    private static Set<String> ids(List<FinishedTrial> batch) {
        return batch.stream().map(f -> f.result().spec().id()).collect(java.util.stream.Collectors.toSet());
    }

    private FinishedTrial runOne(JavaSparkContext jsc, TrialTask task, TrialSpec trial) {
        jsc.setJobGroup("trial-" + trial.id(), description(trial), true);
        try {
            return jsc.parallelize(List.of(trial), 1).map(task).collect().get(0);
        } catch (RuntimeException e) {
            // Lost executors beyond spark.task.maxFailures, or a result that could not come back: record it.
            return failed(trial, "spark: " + e.getMessage(), "");
        } finally {
            jsc.clearJobGroup();
        }
    }

    /**
     * Runs a data-parallel trial from the driver: its runs' steps are Spark jobs in the trial's job group. The
     * driver's ND4J threads (its copy of the network: evaluation, pruning, metrics) are {@code spark.task.cpus}, as
     * a single trial's would be; the workers train with their executors' (Spark sets OMP_NUM_THREADS there).
     * Failures are recorded as for a task: TrialRunner catches what a trial throws, a Spark job failing included.
     */
    private FinishedTrial runDataParallel(JavaSparkContext jsc, TrialSpec trial, int threads, String checkpoints,
                                          String codeVersion) {
        int workers = trial.mode().workers();
        jsc.setJobGroup("trial-" + trial.id(), description(trial) + " data-parallel x " + workers, true);
        try {
            DataParallelTrainer trainer = new DataParallelTrainer(jsc, workers);
            return TrialTask.withAttempts(spec.run().maxAttempts(),
                    () -> TrialRunner.runWithCheckpoints(trial, threads, checkpoints, codeVersion, trainer),
                    "data-parallel x " + workers);
        } catch (RuntimeException | LinkageError e) {
            // What TrialRunner does not turn into a failed result itself (a class missing from the cluster jar):
            // a failed trial, as a failed Spark task would be, not a failed sweep.
            return failed(trial, "data-parallel: " + e, "data-parallel x " + workers);
        } finally {
            jsc.clearJobGroup();
        }
    }

    private static FinishedTrial failed(TrialSpec trial, String message, String executor) {
        String error = message.replaceAll("\\s+", " ");
        return new FinishedTrial(new TrialResult(trial, TrialStatus.FAILED,
                error.substring(0, Math.min(error.length(), 2000)), 0, "", "", executor, 0, java.time.Instant.now(),
                TrialMemory.UNKNOWN, List.of(), List.of(), List.of()), 0);
    }

    private static String description(TrialSpec trial) {
        return String.format("trial %s: %s w=%s residual=%s lr=%s epochs=%d seed=%d", trial.id(),
                trial.architecture(), trial.width(), trial.residual(), trial.lr(), trial.epochs(), trial.seed());
    }

    private static FinishedTrial getQuietly(Future<FinishedTrial> f) throws InterruptedException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("trial submission failed", e.getCause());
        }
    }

    /** Concurrent trials: the cores of the executors registered so far over the cores each trial takes. */
    private int taskSlots(int taskCpus) {
        int cores = spark.sparkContext().defaultParallelism();
        return Math.max(1, cores / taskCpus);
    }

    /** The session's {@code spark.task.cpus}: what the scheduler reserves per task, so what a trial may use. */
    static int taskCpus(SparkSession spark) {
        return spark.sparkContext().conf().getInt("spark.task.cpus", 1);
    }
}
