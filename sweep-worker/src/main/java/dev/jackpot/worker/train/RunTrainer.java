package dev.jackpot.worker.train;

import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;

import java.util.function.Consumer;

/**
 * How a trial trains one of its runs (the dense run or a ticket): {@link Trainer#train} on this JVM by default.
 * The seam through which the driver trains a trial's runs across the cluster ({@code trial.mode = data-parallel})
 * without the worker knowing Spark. An implementation trains {@code network} in place and returns what
 * {@link Trainer#train} returns: the same epochs, best checkpoint and divergence rules.
 */
@FunctionalInterface
public interface RunTrainer {
    /** Trains on this JVM: the single-executor engine. */
    RunTrainer LOCAL = Trainer::train;

    /**
     * @param mask    null for a dense run; otherwise the pruned weights must stay exactly zero
     * @param onEpoch called after each epoch
     */
    RunResult train(Network network, Mask mask, Dataset data, TrainSettings settings, Consumer<EpochStats> onEpoch);
}
