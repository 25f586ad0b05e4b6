package dev.jackpot.worker.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The outcome of one training run.
 *
 * @param epochs      per-epoch statistics, as many as were trained
 * @param finalParams a copy of the flat parameters after the last epoch
 * @param bestParams  a copy of the flat parameters at the best test accuracy
 * @param bestEpoch   1-based epoch of the best test accuracy (0 if no epoch finished); numbered as in the full
 *                    run, so a run resumed after epoch t reports t+1..T
 * @param diverged    the loss became NaN or infinite and training stopped early
 * @param seconds     wall time of the run, evaluation included
 */
public record RunResult(List<EpochStats> epochs, INDArray finalParams, INDArray bestParams, int bestEpoch,
                        boolean diverged, double seconds) {

    public RunResult {
        epochs = List.copyOf(epochs);
    }

    public double finalAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).testAcc();
    }

    public double finalLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).testLoss();
    }

    /** Test accuracy at {@link #bestEpoch}; epochs are numbered as in the full run, so look it up by number. */
    public double bestAccuracy() {
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).mapToDouble(EpochStats::testAcc).findFirst()
                .orElse(Double.NaN);
    }
}
