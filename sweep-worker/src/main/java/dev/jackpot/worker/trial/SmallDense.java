package dev.jackpot.worker.trial;

import java.util.function.DoubleToLongFunction;

/**
 * SDT's width: the width multiplier at which the network, same architecture and depth, has as many prunable weights
 * as the lottery ticket has alive ones. "Prunable weights" counts exactly what the mask counts (the weight tensors of
 * the layers that are not excluded; no biases, no excluded layer), so the two sides of the comparison are the same
 * kind of number, and the excluded classifier is dense in both.
 *
 * <p>The count is a non-decreasing step function of the width (each layer's size is rounded to a whole number of
 * units), so bisection finds the two widths around the target and the nearer count wins. A width multiplier moves
 * the count in steps of about one unit of the narrowest layer, so the match is within a few tenths of a percent for
 * ordinary widths but can miss by more on tiny networks at high sparsity; the tickets row records the count reached.
 */
final class SmallDense {
    /** Bisection steps: the width is then known to maxWidth / 2^24, far finer than one unit of any layer. */
    private static final int STEPS = 24;
    /** Narrowest width tried, relative to the dense network's: below it every layer is already at one unit. */
    private static final double MIN_RELATIVE = 1.0 / 4096;

    private SmallDense() {}

    /**
     * @param target          the alive weights to match
     * @param maxWidth        the dense network's width (its count is at least the target)
     * @param weightsAtWidth  prunable weights of the network built at a width
     */
    static double width(long target, double maxWidth, DoubleToLongFunction weightsAtWidth) {
        double lo = maxWidth * MIN_RELATIVE;
        long loCount = weightsAtWidth.applyAsLong(lo);
        if (loCount >= target) {
            return lo;
        }
        double hi = maxWidth;
        long hiCount = weightsAtWidth.applyAsLong(hi);
        if (hiCount <= target) {
            return hi;
        }
        // Invariant: count(lo) < target < count(hi).
        for (int i = 0; i < STEPS; i++) {
            double mid = (lo + hi) / 2;
            long count = weightsAtWidth.applyAsLong(mid);
            if (count == target) {
                return mid;
            }
            if (count < target) {
                lo = mid;
                loCount = count;
            } else {
                hi = mid;
                hiCount = count;
            }
        }
        return target - loCount <= hiCount - target ? lo : hi;
    }
}
