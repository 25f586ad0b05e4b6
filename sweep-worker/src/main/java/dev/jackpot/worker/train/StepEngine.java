package dev.jackpot.worker.train;

import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.NavigableMap;

/**
 * How {@link Trainer}'s loop takes one minibatch step. The loop (the seeded data order and augmentation, the
 * learning-rate schedule, evaluation after every epoch, the best checkpoint, divergence) is the same for every
 * engine; only the step differs: on this JVM ({@link Trainer#localSteps}) or across a cluster (the driver's
 * data-parallel engine). So a data-parallel run sees exactly the minibatches a single-executor run sees.
 */
@FunctionalInterface
public interface StepEngine {

    /** The steps of one run. */
    interface Steps extends AutoCloseable {
        /**
         * One SGD step on {@code minibatch}, updating the network in place, with the pruned weights (if a mask is
         * given) exactly zero afterwards.
         *
         * @param iteration 0-based step over the whole schedule (a run resumed after epoch t starts at t * steps)
         * @return the minibatch's training objective (cross-entropy plus the L2 term); NaN or infinite when the
         *         run diverged
         */
        double step(DataSet minibatch, int iteration);

        /**
         * {test loss, test accuracy} of the network as it is now, as {@link Trainer#evaluate} computes them; an
         * engine with a faster forward pass of its own may use it.
         */
        default double[] evaluate(ComputationGraph graph, INDArray features, INDArray labels) {
            return Trainer.evaluate(graph, features, labels);
        }

        /** Releases what the run held (listeners, cluster state); the network keeps its trained weights. */
        @Override
        void close();
    }

    /**
     * Prepares the run of {@code network} under {@code mask} (null: dense), whose weights already are multiplied by
     * the mask; {@code lrByIteration} is the run's learning-rate schedule ({@link TrainSettings#lrByIteration}).
     */
    Steps start(Network network, Mask mask, TrainSettings settings, NavigableMap<Integer, Double> lrByIteration);
}
