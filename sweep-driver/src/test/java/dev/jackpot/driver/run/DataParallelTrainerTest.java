package dev.jackpot.driver.run;

import dev.jackpot.worker.data.Dataset;
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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data-parallel engine against the single-executor one on a tiny problem (lenet300 at width 0.1 on synthetic
 * 28x28 data, 2 epochs with a learning-rate drop half-way, local[2], 2 workers): pruned weights stay exactly zero,
 * and since the network has no BatchNorm and the slices are equal, each averaged step is the single step up to
 * float32 summation order, so the weights end close to the single run's.
 */
class DataParallelTrainerTest {
    private static final int TRAIN = 400;
    private static final int BATCH = 40;
    private static SparkSession spark;
    private static JavaSparkContext jsc;
    private static Dataset data;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        data = synthetic(TRAIN, 200, 7);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static TrainSettings settings() {
        // lr drops by 10x after half of the 20 steps: a worker stuck at iteration 0 would keep the peak rate.
        return new TrainSettings(0.1, 2, BATCH, 0.9, 1e-4, List.of(0.5), 0.1, 42L);
    }

    private static Network network(TrainSettings s) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, s.lrByIteration(TRAIN)), 0.9);
        return Networks.build("lenet300", 0.1, false, new InputShape(1, 28, 28), 10, 3L, updater, 1e-4);
    }

    private static Mask mask(Network net) {
        List<String> prunable = net.prunableLayers(List.of("last-dense"));
        Map<String, INDArray> w = net.weights(prunable);
        return MagnitudePruning.prune(w, Mask.allAlive(w), 0.64, PruningScope.GLOBAL);
    }

    @Test
    void prunedWeightsStayZeroAndTheWeightsMatchTheSingleExecutorRun() {
        TrainSettings s = settings();
        Network single = network(s);
        Mask m = mask(single);
        RunResult a = Trainer.train(single, m, data, s, e -> {});
        Network parallel = network(s);
        RunResult b = new DataParallelTrainer(jsc, 2).train(parallel, m, data, s, e -> {});

        long revived = 0;
        long pruned = 0;
        for (String layer : m.layerNames()) {
            float[] w = parallel.weights(layer).dup('c').data().asFloat();
            float[] keep = m.layer(layer).dup('c').data().asFloat();
            for (int i = 0; i < w.length; i++) {
                if (keep[i] == 0f) {
                    pruned++;
                    if (w[i] != 0f) {
                        revived++;
                    }
                }
            }
        }
        assertTrue(pruned > 0);
        assertEquals(0, revived, "pruned weights not zero after data-parallel training");

        double maxDiff = single.graph().params().sub(parallel.graph().params()).amaxNumber().doubleValue();
        double maxWeight = single.graph().params().amaxNumber().doubleValue();
        System.out.printf("data-parallel vs single: max |dθ| %.3g (max |θ| %.3g), acc %.4f vs %.4f, loss %.6f vs %.6f%n",
                maxDiff, maxWeight, b.finalAccuracy(), a.finalAccuracy(), b.epochs().get(0).trainLoss(),
                a.epochs().get(0).trainLoss());
        // Float32 sums in another order, over 20 steps: measured ~1e-6; a wrong schedule, a lost momentum or a
        // step on half the data would be off by orders of magnitude more.
        assertTrue(maxDiff < 1e-4, "weights differ by " + maxDiff);
        assertEquals(a.epochs().size(), b.epochs().size());
        for (int i = 0; i < a.epochs().size(); i++) {
            assertEquals(a.epochs().get(i).lr(), b.epochs().get(i).lr());
            assertEquals(a.epochs().get(i).trainLoss(), b.epochs().get(i).trainLoss(), 1e-4);
            assertEquals(a.epochs().get(i).testAcc(), b.epochs().get(i).testAcc(), 0.01);
        }
    }

    @Test
    void aStepThatFailsOnAWorkerFailsTheRunWithAnUncheckedException() {
        // Labels of 5 classes for a 10-class network: every worker's fit throws. Spark reports that as a checked
        // SparkException from Scala code; the trainer must rethrow it unchecked, so that TrialRunner records the
        // trial as failed (it catches RuntimeException) instead of the exception escaping the sweep.
        Dataset full = synthetic(80, 20, 11);
        Dataset wrong = new Dataset("wrong", full.trainFeatures(), Nd4j.zeros(80, 5), new int[80],
                full.testFeatures(), full.testLabels(), new int[20], 28, 28, 1);
        TrainSettings s = new TrainSettings(0.1, 1, 40, 0.9, 1e-4, List.of(), 0.1, 1L);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new DataParallelTrainer(jsc, 2).train(network(s), null, wrong, s, x -> {}));
        assertTrue(e.getMessage().startsWith("data-parallel step 0 failed"), e.getMessage());
    }

    @Test
    void slicesCoverTheMinibatchInOrderWithSizesWithinOne() {
        INDArray x = Nd4j.arange(0, 7 * 3).reshape(7, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = Nd4j.eye(7).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        List<MultiDataSet> slices = DataParallelTrainer.slices(new DataSet(x, y), 3);
        assertEquals(List.of(3L, 2L, 2L), slices.stream().map(d -> d.getFeatures(0).size(0)).toList());
        assertEquals(x, Nd4j.vstack(slices.stream().map(d -> d.getFeatures(0)).toArray(INDArray[]::new)));
        assertEquals(y, Nd4j.vstack(slices.stream().map(d -> d.getLabels(0)).toArray(INDArray[]::new)));
        // Fewer rows than workers: one row each, no empty slice.
        assertEquals(2, DataParallelTrainer.slices(new DataSet(x.getRows(0, 1), y.getRows(0, 1)), 4).size());
    }

    @Test
    void theMaskHookSurvivesJavaSerialisationAndZeroesExactlyThePrunedWeights() throws Exception {
        // On a cluster the hook reaches the workers serialised inside each task: what local mode may not show.
        Network net = network(settings());
        Mask m = mask(net);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(MaskHook.of(m));
        }
        MaskHook copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (MaskHook) in.readObject();
        }
        Map<String, INDArray> before = new java.util.LinkedHashMap<>();
        m.layerNames().forEach(l -> before.put(l, net.weights(l).dup()));
        copy.apply(net.graph());
        for (String layer : m.layerNames()) {
            assertEquals(before.get(layer).mul(m.layer(layer)), net.weights(layer), layer);
        }
    }

    @Test
    void theIterationHookSetsTheWorkersIterationCount() {
        Network net = network(settings());
        new IterationHook(17).preUpdate((MultiDataSet) null, net.graph());
        assertEquals(17, net.graph().getConfiguration().getIterationCount());
    }

    /** Learnable synthetic data: the class is the brightest of 10 pixel bands. */
    static Dataset synthetic(int train, int test, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] trainClasses = r.ints(train, 0, 10).toArray();
        int[] testClasses = r.ints(test, 0, 10).toArray();
        return new Dataset("synthetic", features(trainClasses, r), oneHot(trainClasses), trainClasses,
                features(testClasses, r), oneHot(testClasses), testClasses, 28, 28, 1);
    }

    private static INDArray features(int[] classes, SplittableRandom r) {
        float[] x = new float[classes.length * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble() * 0.5f;
        }
        for (int i = 0; i < classes.length; i++) {
            for (int p = classes[i] * 78; p < classes[i] * 78 + 78; p++) {
                x[i * 784 + p] += 0.5f;
            }
        }
        return Nd4j.create(x, new long[] {classes.length, 784}, 'c');
    }

    private static INDArray oneHot(int[] classes) {
        float[] y = new float[classes.length * 10];
        for (int i = 0; i < classes.length; i++) {
            y[i * 10 + classes[i]] = 1f;
        }
        return Nd4j.create(y, new long[] {classes.length, 10}, 'c');
    }
}
