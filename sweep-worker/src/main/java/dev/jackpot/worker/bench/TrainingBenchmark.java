package dev.jackpot.worker.bench;

import dev.jackpot.worker.backend.NativeBuild;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.data.Datasets;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.PruningScope;
import dev.jackpot.worker.train.RunResult;
import dev.jackpot.worker.train.SgdMomentum;
import dev.jackpot.worker.train.TrainSettings;
import dev.jackpot.worker.train.Trainer;
import dev.jackpot.worker.trial.Nd4jThreads;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training throughput of the worker, measured on exactly the work a trial does per step: the trial's
 * {@link Trainer} with SGD + classic momentum + weight decay and a 50% mask enforced on gradients and weights,
 * as /work/shared/bench/torch_peer.py does in PyTorch. A warm-up run (JIT, native init) comes first and is not
 * timed. Memory is read after every repeat, to show that training many networks in one JVM does not grow it.
 */
public final class TrainingBenchmark {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private TrainingBenchmark() {}

    /**
     * @param samples training samples to time (rounded up to whole epochs over the first min(samples, n) rows)
     * @param repeats independent timed runs, each on a freshly built network (memory is reported after each)
     */
    public record Settings(String architecture, double width, boolean residual, int batch, int threads, int samples,
                           int warmupBatches, int repeats, DatasetRef data) {}

    /** One JSON-able result: the best repeat's throughput and the memory trace. */
    public record Result(Settings settings, String step, long params, int samplesPerRun, List<Double> seconds,
                         List<Double> cpuSeconds, List<Double> processCpuSeconds, List<Long> heapMb,
                         List<Long> rssMb) {
        public double samplesPerSecond() {
            double best = seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            return samplesPerRun / best;
        }

        public double samplesPerCpuSecond() {
            return samplesPerRun / cpuSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        /** Per CPU-second of the whole process (every thread: native helper threads, JIT and GC included). */
        public double samplesPerProcessCpuSecond() {
            return samplesPerRun / processCpuSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        public String toJson() {
            Settings s = settings;
            return String.format(Locale.ROOT, "{\"impl\": \"jackpot-dl4j %s\", \"step\": \"%s\", \"openblas_coretype\": \"%s\", \"arch\": \"%s\", \"width\": %s, "
                            + "\"residual\": %s, \"batch\": %d, \"threads\": %d, \"params\": %d, \"samples\": %d, "
                            + "\"seconds\": %s, \"samples_per_s\": %.1f, \"cpu_seconds\": %s, \"samples_per_cpu_s\": %.1f, "
                            + "\"process_cpu_seconds\": %s, \"samples_per_process_cpu_s\": %.1f, "
                            + "\"heap_mb\": %s, \"rss_mb\": %s}",
                    Nd4jThreads.backend(), step, NativeBuild.openblasCoreType(),
                    s.architecture(), s.width(), s.residual(), s.batch(), s.threads(), params,
                    samplesPerRun, seconds.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toList(),
                    samplesPerSecond(), cpuSeconds.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toList(),
                    samplesPerCpuSecond(),
                    processCpuSeconds.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toList(),
                    samplesPerProcessCpuSecond(), heapMb, rssMb);
        }
    }

    public static Result run(Settings s) {
        Nd4jThreads.set(s.threads());
        Dataset all = Datasets.load(s.data());
        int rows = Math.min(s.samples(), all.trainSize());
        int epochs = (s.samples() + rows - 1) / rows;
        Dataset timed = slice(all, rows);
        Dataset warm = slice(all, Math.min(rows, s.warmupBatches() * s.batch()));
        // The warm-up also names the step that trains this network (it cannot change between repeats).
        String step = trainOnce(s, warm, 1, true).step;
        List<Double> seconds = new ArrayList<>();
        List<Long> heap = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> processCpu = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        long params = 0;
        for (int r = 0; r < s.repeats(); r++) {
            Timed t = trainOnce(s, timed, epochs, false);
            seconds.add(t.seconds);
            cpu.add(t.cpuSeconds);
            processCpu.add(t.processCpuSeconds);
            params = t.params;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            heap.add((rt.totalMemory() - rt.freeMemory()) >> 20);
            rss.add(Pointer.physicalBytes() >> 20);
        }
        return new Result(s, step, params, rows * epochs, seconds, cpu, processCpu, heap, rss);
    }

    private record Timed(double seconds, double cpuSeconds, double processCpuSeconds, long params, String step) {}

    private static Timed trainOnce(Settings s, Dataset data, int epochs, boolean nameStep) {
        TrainSettings train = new TrainSettings(0.01, epochs, s.batch(), 0.9, 1e-4, List.of(), 0.1, 0);
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.01)), 0.9);
        Network net = Networks.build(s.architecture(), s.width(), s.residual(),
                new InputShape(data.channels(), data.rows(), data.cols()),
                data.numClasses(), 0, updater, 1e-4);
        // Half of every weight tensor masked, as the peer does (it masks every parameter with more than one dim).
        Mask mask = MagnitudePruning.prune(net.weights(net.weightLayers()),
                Mask.allAlive(net.weights(net.weightLayers())), 0.5, PruningScope.LAYERWISE);
        // CPU time of this thread too: with one ND4J thread the native work runs on it, so this figure holds
        // up on a busy machine where wall time does not.
        // The thread's figure misses work native code hands to helper threads (libnd4j's and OpenMP's pools run
        // some ops on 2+ threads even with one ND4J thread), so the whole process's CPU time is reported too: it
        // is the figure to set against the peer's time.process_time(), which also counts every thread.
        String step = nameStep ? Trainer.stepFor(net, train) : null;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long processStart = PROCESS.getProcessCpuTime();
        RunResult run = Trainer.train(net, mask, data, train, e -> {});
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double processCpu = (PROCESS.getProcessCpuTime() - processStart) / 1e9;
        return new Timed(run.seconds(), cpu, processCpu, net.graph().numParams(), step);
    }

    /** The first {@code rows} training examples, and a 64-example test set so evaluation costs next to nothing. */
    private static Dataset slice(Dataset d, int rows) {
        int test = Math.min(64, d.testSize());
        return new Dataset(d.name(), rowsOf(d.trainFeatures(), rows), rowsOf(d.trainLabels(), rows),
                java.util.Arrays.copyOf(d.trainClasses(), rows), rowsOf(d.testFeatures(), test),
                rowsOf(d.testLabels(), test), java.util.Arrays.copyOf(d.testClasses(), test), d.rows(), d.cols(),
                d.channels());
    }

    private static INDArray rowsOf(INDArray a, int rows) {
        return a.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()).dup();
    }

    static {
        // Keep ND4J's allocation reporting off the benchmark's stdout.
        Nd4j.getMemoryManager().togglePeriodicGc(false);
    }
}
