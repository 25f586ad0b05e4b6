package dev.jackpot.driver.spec;

import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.LayerSizes;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.trial.TrialSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Refuses pruning the network cannot hold. The rule: at the last round R, every prunable layer must keep at least
 * one weight at the round's sparsity applied to that layer alone, i.e. {@code round(n * (1 - rate)^R) >= 1} for
 * the smallest prunable layer of n weights, counted as {@link MagnitudePruning} counts. Under layerwise pruning
 * that is exactly what happens; under global pruning it is the layer's even share (magnitude may still empty a
 * layer sooner, which is a result, not an error). A layer with no weight left cuts the network, and every
 * later round would train a constant function.
 */
final class PruningCapacity {
    private PruningCapacity() {}

    /**
     * @param inputShape the shape of one example of each dataset the trials use
     * @param classes    outputs of the classifier
     */
    static void check(List<TrialSpec> trials, Function<DatasetRef, InputShape> inputShape, int classes) {
        Set<List<Object>> seen = new LinkedHashSet<>();
        for (TrialSpec t : trials) {
            InputShape input = inputShape.apply(t.dataset());
            if (seen.add(List.of(t.architecture(), t.width(), t.residual(), input))) {
                check(t, LayerSizes.of(t.architecture(), t.width(), t.residual(), input, classes));
            }
        }
    }

    private static void check(TrialSpec t, LayerSizes.Layers layers) {
        Map<String, Long> prunable = layers.prunable(t.excludeLayers());
        if (prunable.isEmpty()) {
            throw new SpecException("prune.exclude = " + t.excludeLayers() + ": leaves nothing to prune in "
                    + t.architecture() + " (its weight layers: " + String.join(", ", layers.weights().keySet())
                    + "); exclude fewer layers");
        }
        Map.Entry<String, Long> smallest = prunable.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        long n = smallest.getValue();
        double keep = 1.0 - t.pruneRate();
        if (alive(n, keep, t.rounds()) >= 1) {
            return;
        }
        throw new SpecException(String.format("prune.rounds = %d: too many for %s at width %s: after round %d "
                        + "(sparsity %.6f) its layer %s (%d prunable weights) keeps no weight; every prunable layer "
                        + "must keep at least one, so with prune.rate = %s at most %d rounds",
                t.rounds(), t.architecture(), t.width(), t.rounds(), t.sparsityAtRound(t.rounds()), smallest.getKey(),
                n, t.pruneRate(), maxRounds(n, keep)));
    }

    /** Weights a layer of n keeps after r rounds, as the worker computes the keep fraction and rounds the count. */
    private static long alive(long n, double keep, int rounds) {
        return MagnitudePruning.aliveTarget(n, Math.pow(keep, rounds));
    }

    /** The most rounds a layer of n weights can take; alive(n, keep, r) only falls as r grows. */
    static int maxRounds(long n, double keep) {
        int r = (int) Math.max(0, Math.floor(Math.log(0.5 / n) / Math.log(keep))); // n * keep^r >= 0.5
        while (r > 0 && alive(n, keep, r) < 1) r--;
        while (alive(n, keep, r + 1) >= 1) r++;
        return r;
    }
}
