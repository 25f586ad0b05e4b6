package dev.jackpot.worker.train;

import dev.jackpot.worker.trial.TrialSpec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recipe of one training run.
 *
 * @param lr           peak learning rate
 * @param epochs       T, the length of the run: its schedule, and its last epoch
 * @param batchSize    minibatch size; the last partial batch is kept, as PyTorch's DataLoader does
 * @param momentum     classic momentum
 * @param weightDecay  L2 coefficient on every parameter
 * @param lrDrops      fractions of the run at which lr is multiplied by lrDropFactor
 * @param lrDropFactor the step factor
 * @param dataSeed     seeds the data order of every epoch
 * @param firstEpoch   1-based epoch the run starts at: 1, or t + 1 for a run resumed after epoch t (weight
 *                     rewinding), which trains epochs t+1..T with the full run's schedule and data order
 */
public record TrainSettings(double lr, int epochs, int batchSize, double momentum, double weightDecay,
                            List<Double> lrDrops, double lrDropFactor, long dataSeed, int firstEpoch) {

    public TrainSettings {
        lrDrops = List.copyOf(lrDrops);
        if (firstEpoch < 1 || firstEpoch > epochs) {
            throw new IllegalArgumentException("first epoch " + firstEpoch + " outside 1.." + epochs);
        }
    }

    /** A run from its first epoch. */
    public TrainSettings(double lr, int epochs, int batchSize, double momentum, double weightDecay,
                         List<Double> lrDrops, double lrDropFactor, long dataSeed) {
        this(lr, epochs, batchSize, momentum, weightDecay, lrDrops, lrDropFactor, dataSeed, 1);
    }

    public static TrainSettings of(TrialSpec spec, long dataSeed) {
        return new TrainSettings(spec.lr(), spec.epochs(), spec.batchSize(), spec.momentum(), spec.weightDecay(),
                spec.lrDrops(), spec.lrDropFactor(), dataSeed);
    }

    /**
     * This run resumed after epoch {@code t}: the learning rate continues the schedule from t (as in Renda et al.'s
     * rewinding), the data order is the full run's for epochs t+1..T, and momentum starts from zero.
     */
    public TrainSettings resumedAfter(int t) {
        return new TrainSettings(lr, epochs, batchSize, momentum, weightDecay, lrDrops, lrDropFactor, dataSeed, t + 1);
    }

    public int stepsPerEpoch(int trainSize) {
        return (trainSize + batchSize - 1) / batchSize;
    }

    /**
     * The step schedule by iteration: drops land on the step nearest to the fraction of the run, so a
     * two-epoch quick sweep still decays where a 160-epoch run would (epochs 80 and 120).
     */
    public TreeMap<Integer, Double> lrByIteration(int trainSize) {
        int total = epochs * stepsPerEpoch(trainSize);
        TreeMap<Integer, Double> map = new TreeMap<>();
        map.put(0, lr);
        List<Double> sorted = lrDrops.stream().sorted().toList();
        double value = lr;
        for (double fraction : sorted) {
            value *= lrDropFactor;
            map.put((int) Math.round(fraction * total), value);
        }
        return map;
    }
}
