package dev.jackpot.worker.prune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smart-ratio rule of Su et al. (2020, "Random Tickets can Win the Jackpot") for RT's per-layer keep fractions,
 * as LTH-SPEC.md states it. With the L prunable layers numbered l = 1..L from the input, layer l keeps a fraction
 * proportional to q_l = (L-l+1)² + (L-l+1), divided additionally by l² in networks without residual connections.
 * The fractions are scaled so that the network keeps {@code aliveTotal} weights; a layer whose fraction would pass 1
 * keeps everything and its overflow is carried to the others (water-filling). The classifier, when it is among the
 * pruned layers at all (it is excluded by default), keeps a fixed fraction (0.3) instead; it takes more only if the
 * other layers are full.
 */
public final class SmartRatio {
    private SmartRatio() {}

    /**
     * The keep fraction of each layer.
     *
     * @param sizes      weights per prunable layer, input first
     * @param residual   whether the network has residual connections (then no division by l²)
     * @param aliveTotal weights to keep in all (e.g. the LT mask's alive count)
     * @param fixedLayer index into sizes of the layer with a fixed fraction (the classifier), or -1 for none
     * @param fixedKeep  that fraction
     */
    public static double[] keepFractions(long[] sizes, boolean residual, long aliveTotal, int fixedLayer,
                                         double fixedKeep) {
        int layers = sizes.length;
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        if (aliveTotal < 0 || aliveTotal > total) {
            throw new IllegalArgumentException("cannot keep " + aliveTotal + " of " + total + " weights");
        }
        double[] keep = new double[layers];
        double budget = aliveTotal;
        if (fixedLayer >= 0) {
            keep[fixedLayer] = Math.min(fixedKeep, budget / sizes[fixedLayer]);
            budget -= keep[fixedLayer] * sizes[fixedLayer];
        }
        boolean[] full = new boolean[layers];
        double[] score = new double[layers];
        for (int i = 0; i < layers; i++) {
            int l = i + 1;
            double depthFromTop = layers - l + 1;
            score[i] = depthFromTop * depthFromTop + depthFromTop;
            if (!residual) {
                score[i] /= (double) l * l;
            }
        }
        // Water-filling: scale the scores to the budget; cap the layers that pass 1 and rescale the rest.
        while (true) {
            double weighted = 0;
            for (int i = 0; i < layers; i++) {
                if (i != fixedLayer && !full[i]) {
                    weighted += score[i] * sizes[i];
                }
            }
            if (weighted == 0) {
                break;
            }
            double scale = budget / weighted;
            boolean capped = false;
            for (int i = 0; i < layers; i++) {
                if (i != fixedLayer && !full[i] && scale * score[i] >= 1) {
                    full[i] = true;
                    keep[i] = 1;
                    budget -= sizes[i];
                    capped = true;
                }
            }
            if (!capped) {
                for (int i = 0; i < layers; i++) {
                    if (i != fixedLayer && !full[i]) {
                        keep[i] = scale * score[i];
                    }
                }
                budget = 0;
                break;
            }
        }
        if (fixedLayer >= 0 && budget > 0) {
            // Every other layer is full: the classifier takes the rest.
            keep[fixedLayer] = Math.min(1.0, keep[fixedLayer] + budget / sizes[fixedLayer]);
        }
        return keep;
    }

    /**
     * Whole alive counts per layer: the fractions times the sizes, rounded so that they add up to exactly
     * {@code aliveTotal} (largest remainders round up) and never pass a layer's size.
     */
    public static long[] aliveCounts(long[] sizes, double[] keep, long aliveTotal) {
        long[] counts = new long[sizes.length];
        double[] remainder = new double[sizes.length];
        long sum = 0;
        for (int i = 0; i < sizes.length; i++) {
            double exact = Math.min(sizes[i], keep[i] * sizes[i]);
            counts[i] = (long) Math.floor(exact);
            remainder[i] = exact - counts[i];
            sum += counts[i];
        }
        while (sum < aliveTotal) {
            int best = -1;
            for (int i = 0; i < sizes.length; i++) {
                if (counts[i] < sizes[i] && (best < 0 || remainder[i] > remainder[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                throw new IllegalStateException("no room for " + (aliveTotal - sum) + " more weights");
            }
            counts[best]++;
            remainder[best] = -1;
            sum++;
        }
        while (sum > aliveTotal) {   // only from floating-point excess: take from the smallest remainders
            int worst = -1;
            for (int i = 0; i < sizes.length; i++) {
                if (counts[i] > 0 && (worst < 0 || remainder[i] < remainder[worst])) {
                    worst = i;
                }
            }
            counts[worst]--;
            remainder[worst] = 2;
            sum--;
        }
        return counts;
    }

    /**
     * RT's mask: as many alive weights as {@code like} has in all, spread over its layers by the smart ratio, at
     * uniformly random positions within each layer.
     *
     * @param classifier the classifier's layer name: it keeps {@code classifierKeep} if it is in the mask
     */
    public static Mask mask(Mask like, boolean residual, String classifier, double classifierKeep, long seed) {
        List<String> layers = List.copyOf(like.layerNames());
        long[] sizes = layers.stream().mapToLong(like::size).toArray();
        long alive = like.alive();
        double[] keep = keepFractions(sizes, residual, alive, layers.indexOf(classifier), classifierKeep);
        long[] counts = aliveCounts(sizes, keep, alive);
        Map<String, Long> byLayer = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            byLayer.put(layers.get(i), counts[i]);
        }
        return RandomMasks.withCounts(like, byLayer, seed);
    }
}
