package dev.jackpot.worker.trial;

import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.train.EpochStats;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Consumer;

/**
 * Copies a network's parameters at the end of one epoch of its run: θt of the dense run, where WR rewinds to.
 * Passed to the Trainer as its per-epoch callback, so the training loop needs no notion of rewinding.
 */
final class EpochSnapshot implements Consumer<EpochStats> {
    private final Network network;
    private final int epoch;
    private INDArray params;

    /** @param epoch the epoch after which to copy; 0 copies nothing */
    EpochSnapshot(Network network, int epoch) {
        this.network = network;
        this.epoch = epoch;
    }

    @Override
    public void accept(EpochStats stats) {
        if (stats.epoch() == epoch) {
            params = network.graph().params().dup();
        }
    }

    /** Sets the copy a resumed trial had saved (see TrialCheckpoints). */
    void restore(INDArray saved) {
        params = saved;
    }

    /** The copy, null if not taken (yet, or at all when the epoch is 0). */
    INDArray paramsOrNull() {
        return params;
    }

    int epoch() {
        return epoch;
    }

    INDArray params() {
        if (params == null) {
            throw new IllegalStateException("no snapshot: the run did not finish epoch " + epoch);
        }
        return params;
    }
}
