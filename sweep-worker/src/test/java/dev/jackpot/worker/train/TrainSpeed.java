package dev.jackpot.worker.train;

import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.data.Datasets;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.prune.PruningScope;
import dev.jackpot.worker.prune.RandomMasks;
import dev.jackpot.worker.trial.Nd4jThreads;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A rough training-speed probe (not a test, not the product's benchmark): trains one network through
 * {@link Trainer} on Fashion-MNIST with half of every weight layer masked, as shared/bench/torch_peer.py does,
 * and prints one JSON line. Wall-clock samples/s is the figure to compare; CPU seconds of the training thread
 * are printed too because a shared machine's load inflates wall time.
 *
 * <pre>
 * mvn -B -q -o test-compile -pl sweep-worker
 * mvn -B -q -o dependency:build-classpath -pl sweep-worker -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 java -Xmx3g \
 *   -cp sweep-worker/target/classes:sweep-worker/target/test-classes:$(cat /tmp/cp.txt) \
 *   dev.jackpot.worker.train.TrainSpeed resnet8 1.0 true 1280 [/usr/share/datasets/fashion-mnist]
 * </pre>
 */
public final class TrainSpeed {
    private static final int BATCH = 64;

    private TrainSpeed() {}

    public static void main(String[] args) {
        String arch = args[0];
        double width = Double.parseDouble(args[1]);
        boolean residual = Boolean.parseBoolean(args[2]);
        int samples = Integer.parseInt(args[3]);
        String folder = args.length > 4 ? args[4] : "/usr/share/datasets/fashion-mnist";
        Nd4jThreads.set(1);
        Dataset data = Datasets.load(new DatasetRef("fashion-mnist", DatasetRef.IDX, folder));

        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.01)), 0.9);
        Network net = Networks.build(arch, width, residual, new InputShape(1, 28, 28), 10, 1, updater, 1e-4);
        List<String> layers = net.weightLayers();
        Mask half = MagnitudePruning.prune(net.weights(layers), Mask.allAlive(net.weights(layers)), 0.5,
                PruningScope.LAYERWISE);
        Mask mask = RandomMasks.sameLayerCounts(half, 3);
        TrainSettings settings = new TrainSettings(0.01, 1, BATCH, 0.9, 1e-4, List.of(), 0.1, 1);

        Trainer.train(net, mask, firstRows(data, 10 * BATCH), settings, e -> {}); // warm-up
        Dataset timed = firstRows(data, samples);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        Trainer.train(net, mask, timed, settings, e -> {});
        double seconds = (System.nanoTime() - wall) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        // Trainer.train also evaluates the (64-image) test split once: time that alone and take it off.
        long evalWall = System.nanoTime();
        long evalCpu = threads.getCurrentThreadCpuTime();
        Trainer.evaluate(net.graph(), timed.testFeatures(), timed.testLabels());
        seconds -= (System.nanoTime() - evalWall) / 1e9;
        cpuSeconds -= (threads.getCurrentThreadCpuTime() - evalCpu) / 1e9;

        System.out.printf("{\"arch\": \"%s\", \"width\": %s, \"residual\": %s, \"batch\": %d, \"threads\": 1, "
                        + "\"params\": %d, \"samples\": %d, \"seconds\": %.3f, \"samples_per_s\": %.1f, "
                        + "\"cpu_seconds\": %.3f, \"samples_per_cpu_s\": %.1f, \"backend\": \"%s\"}%n",
                arch, width, residual, BATCH, net.graph().numParams(), samples, seconds, samples / seconds,
                cpuSeconds, samples / cpuSeconds, Nd4jThreads.backend());
    }

    /** The first {@code n} training images, and 64 test images. */
    private static Dataset firstRows(Dataset d, int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        int[] test = new int[BATCH];
        Arrays.setAll(test, i -> i);
        INDArray x = Nd4j.pullRows(d.trainFeatures(), 1, rows);
        INDArray y = Nd4j.pullRows(d.trainLabels(), 1, rows);
        return new Dataset(d.name(), x, y, Arrays.copyOf(d.trainClasses(), n),
                Nd4j.pullRows(d.testFeatures(), 1, test), Nd4j.pullRows(d.testLabels(), 1, test),
                Arrays.copyOf(d.testClasses(), BATCH), d.rows(), d.cols(), d.channels());
    }
}
