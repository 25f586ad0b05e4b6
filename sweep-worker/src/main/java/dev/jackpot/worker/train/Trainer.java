package dev.jackpot.worker.train;

import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.data.Minibatches;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The training loop: minibatch SGD over a seeded data order, the mask enforced on every step, test accuracy and
 * loss after every epoch. The network arrives built with its updater and initial weights; this class only trains.
 */
public final class Trainer {
    /** Test-set evaluation runs in chunks of this many examples to bound memory on large test sets. */
    private static final int EVAL_CHUNK = 1000;

    private Trainer() {}

    /**
     * Trains {@code network} in place.
     *
     * @param mask    null for a dense run
     * @param onEpoch called after each epoch (progress, early logging); may be a no-op
     */
    public static RunResult train(Network network, Mask mask, Dataset data, TrainSettings settings,
                                  Consumer<EpochStats> onEpoch) {
        return train(network, mask, data, settings, onEpoch, Engine.fromSystemProperty());
    }

    /**
     * How a step is computed. AUTO takes {@link DenseGraphStep} for plain dense networks, {@link ConvGraphStep}
     * (oneDNN) for the ResNets where oneDNN is available, and DL4J's {@code ComputationGraph.fit} for everything
     * else; DL4J forces the latter (for comparisons). All take the same step. Chosen with the system property {@code jackpot.train.engine} = auto | dl4j.
     */
    public enum Engine {
        AUTO, DL4J;

        static Engine fromSystemProperty() {
            return "dl4j".equalsIgnoreCase(System.getProperty("jackpot.train.engine", "auto")) ? DL4J : AUTO;
        }
    }

    static RunResult train(Network network, Mask mask, Dataset data, TrainSettings settings,
                           Consumer<EpochStats> onEpoch, Engine engine) {
        return train(network, mask, data, settings, onEpoch, localEngine(engine));
    }

    /**
     * Trains {@code network} in place with {@code steps} taking each minibatch step: the data order, schedule,
     * evaluation and checkpoints of this loop, whatever computes the step (see {@link StepEngine}).
     */
    public static RunResult train(Network network, Mask mask, Dataset data, TrainSettings settings,
                                  Consumer<EpochStats> onEpoch, StepEngine steps) {
        long start = System.nanoTime();
        ComputationGraph graph = network.graph();
        int n = data.trainSize();
        var lrs = settings.lrByIteration(n);
        if (mask != null) {
            mask.applyInPlace(network.weights(java.util.List.copyOf(mask.layerNames())));
        }
        int batch = settings.batchSize();
        Minibatches minibatches = new Minibatches(data);
        List<EpochStats> epochs = new ArrayList<>();
        INDArray best = graph.params().dup();
        int bestEpoch = 0;
        double bestAcc = Double.NEGATIVE_INFINITY;
        boolean diverged = false;
        // A resumed run (WR) starts mid-schedule. The fast step is given the iteration; DL4J's updater reads the
        // learning rate at the graph's iteration count, so that starts there too.
        int iteration = (settings.firstEpoch() - 1) * settings.stepsPerEpoch(n);
        graph.getConfiguration().setIterationCount(iteration);
        try (StepEngine.Steps run = steps.start(network, mask, settings, lrs)) {
            for (int epoch = settings.firstEpoch(); epoch <= settings.epochs() && !diverged; epoch++) {
                EpochOrder plan = epochOrder(settings, n, epoch);
                double lossSum = 0;
                int batches = 0;
                for (int from = 0; from < n; from += batch) {
                    int[] rows = java.util.Arrays.copyOfRange(plan.order(), from, Math.min(n, from + batch));
                    DataSet minibatch = minibatches.batch(rows, plan.augmentation());
                    double loss = run.step(minibatch, iteration);
                    iteration++;
                    if (!Double.isFinite(loss)) {
                        diverged = true;
                        break;
                    }
                    lossSum += loss;
                    batches++;
                }
                double[] test = run.evaluate(graph, data.testFeatures(), data.testLabels());
                double lr = lrs.floorEntry(Math.max(0, iteration - 1)).getValue();
                EpochStats stats = new EpochStats(epoch, lr, diverged ? Double.NaN : lossSum / batches, test[0], test[1]);
                epochs.add(stats);
                onEpoch.accept(stats);
                if (!diverged && test[1] > bestAcc) {
                    bestAcc = test[1];
                    bestEpoch = epoch;
                    best = graph.params().dup();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RunResult(epochs, graph.params().dup(), best, bestEpoch, diverged, seconds);
    }

    /**
     * The data of one epoch: the order of the training rows, and the generator augmentation draws from.
     * Seeded by the run's data seed and the epoch only, so every run of a trial, and every engine, sees the same
     * minibatches.
     */
    public record EpochOrder(int[] order, SplittableRandom augmentation) {}

    /** The seeded order of {@code epoch} (1-based) over {@code n} training rows; see {@link EpochOrder}. */
    public static EpochOrder epochOrder(TrainSettings settings, int n, int epoch) {
        SplittableRandom epochRandom = new SplittableRandom(settings.dataSeed() + 0x9E3779B97F4A7C15L * epoch);
        int[] order = permutation(n, epochRandom);
        // Augmentation (CIFAR's crop and flip) draws from a split taken after the order, so it is seeded by the
        // trial too and data without augmentation keeps the order it always had.
        return new EpochOrder(order, epochRandom.split());
    }

    /**
     * Which step AUTO takes for {@code network} here: "blas" ({@link DenseGraphStep}), "onednn"
     * ({@link ConvGraphStep}) or "dl4j" (ComputationGraph.fit), for benchmarks and logs.
     */
    public static String stepFor(Network network, TrainSettings settings) {
        var lrs = settings.lrByIteration(settings.batchSize());
        if (DenseGraphStep.of(network, null, settings, lrs).isPresent()) {
            return "blas";
        }
        var conv = ConvGraphStep.of(network, null, settings, lrs);
        conv.ifPresent(ConvGraphStep::close);
        return conv.isPresent() ? "onednn" : "dl4j";
    }

    /** Steps on this JVM: the allocation-free step where it applies, else DL4J's fit; see {@link Engine}. */
    static StepEngine localEngine(Engine engine) {
        return (network, mask, settings, lrs) -> {
            ComputationGraph graph = network.graph();
            DenseGraphStep fast = engine == Engine.DL4J ? null
                    : DenseGraphStep.of(network, mask, settings, lrs).orElse(null);
            ConvGraphStep conv = engine == Engine.DL4J || fast != null ? null
                    : ConvGraphStep.of(network, mask, settings, lrs).orElse(null);
            if (fast == null && conv == null) {
                // BatchNorm's batch statistics by two plain passes instead of ND4J's slow Variance op (same maths).
                BatchNormHelper.install(graph);
            }
            MaskEnforcer enforcer;
            if (mask != null) {
                enforcer = new MaskEnforcer(network, mask);
                graph.setListeners(enforcer);
            } else {
                enforcer = null;
                graph.setListeners();
            }
            return new StepEngine.Steps() {
                @Override
                public double step(DataSet minibatch, int iteration) {
                    if (fast != null) {
                        return fast.step(minibatch.getFeatures(), minibatch.getLabels(), iteration);
                    }
                    if (conv != null) {
                        return conv.step(minibatch.getFeatures(), minibatch.getLabels(), iteration);
                    }
                    graph.fit(minibatch);
                    if (enforcer != null) {
                        enforcer.maskWeights();
                    }
                    return graph.score();
                }

                @Override
                public double[] evaluate(ComputationGraph g, INDArray features, INDArray labels) {
                    if (fast != null) {
                        return fast.evaluate(features, labels);
                    }
                    return conv != null ? conv.evaluate(features, labels) : Trainer.evaluate(g, features, labels);
                }

                @Override
                public void close() {
                    graph.setListeners();
                    if (conv != null) {
                        conv.close();
                    }
                }
            };
        };
    }

    /** {test loss, test accuracy} of the network as it is now; no training-mode behaviour. */
    public static double[] evaluate(ComputationGraph graph, INDArray features, INDArray labels) {
        long n = features.rows();
        double lossSum = 0;
        long correct = 0;
        for (long from = 0; from < n; from += EVAL_CHUNK) {
            long to = Math.min(n, from + EVAL_CHUNK);
            INDArray x = features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray y = labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray p = graph.outputSingle(false, x);
            // Cross-entropy of the true class; the clamp keeps log finite when a probability underflows to 0.
            INDArray trueClassProb = p.mul(y).sum(1);
            lossSum -= Transforms.log(Transforms.max(trueClassProb, 1e-12f), false).sumNumber().doubleValue();
            correct += p.argMax(1).eq(y.argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        return new double[] {lossSum / n, (double) correct / n};
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
