package dev.jackpot.driver.run;

import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.train.EpochStats;
import dev.jackpot.worker.train.RunResult;
import dev.jackpot.worker.train.RunTrainer;
import dev.jackpot.worker.train.StepEngine;
import dev.jackpot.worker.train.TrainSettings;
import dev.jackpot.worker.train.Trainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Consumer;

/**
 * Trains one run of a data-parallel trial across the cluster with dl4j-spark: {@link SparkComputationGraph} and
 * {@link ParameterAveragingTrainingMaster}, on the driver's copy of the network, which ends up holding the trained
 * weights as a single-executor run's network would.
 *
 * <p>The loop is {@link Trainer}'s ({@link Trainer#train(Network, Mask, Dataset, TrainSettings, Consumer,
 * StepEngine)}): the same seeded order and augmentation of minibatches, evaluation on the driver after every epoch,
 * best checkpoint and divergence rules. Only the step is distributed. Each step is one parameter-averaging round:
 * <ol>
 *   <li>the trial's minibatch of B rows is cut into k = min(workers, B) consecutive slices of sizes differing by at
 *       most one, parallelised as an RDD of k partitions of one slice each (no repartitioning, no export to
 *       {@code hadoop.tmp.dir}: {@link RDDTrainingApproach#Direct}, the slices travel inside the tasks);</li>
 *   <li>dl4j-spark broadcasts the parameters and updater state (momentum); each worker builds the network, takes
 *       one step on its slice ({@code batchSizePerWorker} = ceil(B / workers), so a slice is never cut again) at
 *       the step's iteration ({@link IterationHook}), then masks its weights ({@link MaskHook});</li>
 *   <li>parameters and updater state are averaged (averaging frequency 1, {@code saveUpdater} on) into the driver's
 *       network, and the step's loss is the workers' mean loss.</li>
 * </ol>
 * Why this equals the single-executor step: all workers start the step from the same θ and velocity v. Worker j
 * computes g_j, the mean gradient over its slice plus the L2 term λθ, and sets v_j = μv + g_j, θ_j = θ - lr·v_j.
 * Averaging gives v' = μv + mean_j g_j and θ' = θ - lr·v', and with equal slices mean_j g_j is the mean gradient
 * over the whole minibatch: exactly the classic-momentum step of {@code SgdMomentum} on B rows, up to the order
 * float32 sums are taken in. Slices differ by one row when B is not a multiple of k (then mean_j g_j weights the
 * rows of smaller slices a little more), and BatchNorm normalises with a slice's statistics and averages running
 * statistics: there the numbers differ as they would with another batch size.
 *
 * <p>Cost: every step is a few Spark jobs (count, train, tree-aggregate) and one broadcast of the parameters, so
 * this pays off only when a step's compute outweighs that, i.e. for networks too big for one executor.
 */
public final class DataParallelTrainer implements RunTrainer {
    private final JavaSparkContext jsc;
    private final int workers;

    /** @param workers slices per minibatch, one Spark task each per step */
    public DataParallelTrainer(JavaSparkContext jsc, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, not " + workers);
        }
        this.jsc = jsc;
        this.workers = workers;
    }

    @Override
    public RunResult train(Network network, Mask mask, Dataset data, TrainSettings settings,
                           Consumer<EpochStats> onEpoch) {
        return Trainer.train(network, mask, data, settings, onEpoch, this::start);
    }

    private StepEngine.Steps start(Network network, Mask mask, TrainSettings settings,
                                   NavigableMap<Integer, Double> lrByIteration) {
        int perWorker = (settings.batchSize() + workers - 1) / workers;
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, perWorker)
                .batchSizePerWorker(perWorker)
                .averagingFrequency(1)
                .saveUpdater(true)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                // One slice per partition already: a repartition would shuffle slices between workers.
                .repartionData(Repartition.Never)
                // Each step's RDD is used once: caching it would only cost memory.
                .storageLevel(null)
                .collectTrainingStats(false)
                .rngSeed(settings.dataSeed())
                .build();
        if (mask != null) {
            master.addHook(MaskHook.of(mask));
        }
        // The listeners a single-executor run would have (MaskEnforcer) must not come along to the workers.
        network.graph().setListeners();
        SparkComputationGraph spark = new SparkComputationGraph(jsc, network.graph(), master);
        return new StepEngine.Steps() {
            private IterationHook current;

            @Override
            public double step(DataSet minibatch, int iteration) {
                if (current != null) {
                    master.removeHook(current);
                }
                current = new IterationHook(iteration);
                master.addHook(current);
                List<MultiDataSet> slices = slices(minibatch, workers);
                JavaRDD<MultiDataSet> rdd = jsc.parallelize(slices, slices.size());
                try {
                    spark.fitMultiDataSet(rdd);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    // Spark's own exceptions are checked ones thrown from Scala: keep them from escaping undeclared.
                    throw new IllegalStateException("data-parallel step " + iteration + " failed: " + e, e);
                }
                return spark.getScore();
            }

            @Override
            public void close() {
                // fitMultiDataSet counts every step as an epoch; nothing reads it, but leave the network as a
                // single-executor run would.
                network.graph().getConfiguration().setEpochCount(0);
            }
        };
    }

    /**
     * {@code minibatch} cut into min(workers, rows) consecutive slices whose sizes differ by at most one, larger
     * first; each slice owns its arrays (they are serialised into the tasks).
     */
    static List<MultiDataSet> slices(DataSet minibatch, int workers) {
        INDArray x = minibatch.getFeatures();
        INDArray y = minibatch.getLabels();
        int rows = Math.toIntExact(x.rows());
        int k = Math.min(workers, rows);
        List<MultiDataSet> out = new ArrayList<>(k);
        int from = 0;
        for (int j = 0; j < k; j++) {
            int size = rows / k + (j < rows % k ? 1 : 0);
            INDArray xs = x.get(NDArrayIndex.interval(from, from + size), NDArrayIndex.all()).dup();
            INDArray ys = y.get(NDArrayIndex.interval(from, from + size), NDArrayIndex.all()).dup();
            out.add(new org.nd4j.linalg.dataset.MultiDataSet(xs, ys));
            from += size;
        }
        return out;
    }
}
