package dev.jackpot.worker.metrics;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The weight correlation R_p of Liu, Ma et al. (ICML 2021), as LTH-SPEC.md defines it:
 * R_p(a, b) = Σ_l |top_p(a_l) ∩ top_p(b_l)| / Σ_l k_l, where top_p(x_l) is the set of positions of the k_l largest
 * magnitudes of x among the N_l alive weights of layer l, and k_l = round(p · N_l).
 *
 * <p>Only alive positions (mask = 1) take part: a pruned position is neither counted in N_l nor eligible for a top
 * set, so R_p of a ticket compares its trained weights with its start on the weights it has. The spec's denominator
 * p · Σ N_l is taken as Σ k_l, which differs from it by rounding only and makes R_p(x, x) exactly 1. Ties in
 * magnitude go to the lower position, so the result never depends on sort stability. R_p is about p for unrelated
 * a and b (a random k-subset meets another in k²/N positions on average) and above p for correlated ones.
 */
public final class WeightCorrelation {
    private WeightCorrelation() {}

    /**
     * The top-p overlaps of one layer for every p of {@link RpValues}.
     *
     * @param alive  N_l, the alive weights of the layer
     * @param top    k_l per p
     * @param shared |top_p(a) ∩ top_p(b)| per p
     */
    public record Overlap(long alive, long[] top, long[] shared) {
        /** This layer's own R_p: shared / k_l per p (NaN where k_l = 0). */
        public RpValues rp() {
            return overall(List.of(this));
        }
    }

    /** The overlaps of one layer's tensors a and b over the positions where {@code mask} is non-zero. */
    public static Overlap layer(float[] a, float[] b, float[] mask) {
        if (a.length != b.length || a.length != mask.length) {
            throw new IllegalArgumentException("shapes differ: " + a.length + ", " + b.length + ", mask " + mask.length);
        }
        int[] alive = alivePositions(mask);
        // Only the top round(p_max · N) of each order are ever looked at (p_max = 0.5), so only they are sorted.
        int deepest = 0;
        for (int i = 0; i < RpValues.count(); i++) {
            deepest = Math.max(deepest, (int) Math.round(RpValues.p(i) * alive.length));
        }
        int[] orderA = byMagnitudeDescending(a, alive, deepest);
        int[] orderB = byMagnitudeDescending(b, alive, deepest);
        // rankA[position] = where the position stands in a's order, so "in a's top k" is rankA < k; positions
        // beyond the sorted top stand below every k.
        int[] rankA = new int[a.length];
        Arrays.fill(rankA, Integer.MAX_VALUE);
        for (int r = 0; r < orderA.length; r++) {
            rankA[orderA[r]] = r;
        }
        long[] top = new long[RpValues.count()];
        long[] shared = new long[RpValues.count()];
        for (int i = 0; i < top.length; i++) {
            int k = (int) Math.round(RpValues.p(i) * alive.length);
            int both = 0;
            for (int r = 0; r < k; r++) {
                if (rankA[orderB[r]] < k) {
                    both++;
                }
            }
            top[i] = k;
            shared[i] = both;
        }
        return new Overlap(alive.length, top, shared);
    }

    /** R_p over several layers: the shared counts and the k_l summed over layers before dividing. */
    public static RpValues overall(Collection<Overlap> layers) {
        double[] rp = new double[RpValues.count()];
        for (int i = 0; i < rp.length; i++) {
            long shared = 0;
            long top = 0;
            for (Overlap o : layers) {
                shared += o.shared()[i];
                top += o.top()[i];
            }
            rp[i] = top == 0 ? Double.NaN : (double) shared / top;
        }
        return RpValues.of(rp);
    }

    private static int[] alivePositions(float[] mask) {
        int n = 0;
        for (float m : mask) {
            if (m != 0f) {
                n++;
            }
        }
        int[] alive = new int[n];
        int j = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0f) {
                alive[j++] = i;
            }
        }
        return alive;
    }

    /**
     * The first {@code depth} of the given positions sorted by |x| descending, ties by position ascending. One
     * sortable long per position: the complement of the magnitude's float bits above (non-negative floats order
     * like their bits), the position below; the keys are distinct, so the {@code depth} smallest are selected
     * first and only they are sorted (half the work of a full sort at p = 0.5).
     */
    private static int[] byMagnitudeDescending(float[] x, int[] positions, int depth) {
        long[] keys = new long[positions.length];
        for (int i = 0; i < positions.length; i++) {
            int p = positions[i];
            long bits = Float.floatToIntBits(Math.abs(x[p]));
            keys[i] = ((0x7fffffffL - bits) << 32) | p;
        }
        selectSmallest(keys, depth);
        Arrays.sort(keys, 0, depth);
        int[] order = new int[depth];
        for (int i = 0; i < depth; i++) {
            order[i] = (int) (keys[i] & 0xffffffffL);
        }
        return order;
    }

    /**
     * Rearranges distinct {@code keys} so that the {@code k} smallest come first, in no particular order
     * (Hoare's quickselect, median-of-three pivots; expected linear time).
     */
    static void selectSmallest(long[] keys, int k) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo < hi && k > lo && k <= hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = median(keys[lo], keys[mid], keys[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = keys[i];
                    keys[i++] = keys[j];
                    keys[j--] = t;
                }
            }
            // Now keys[lo..j] <= pivot <= keys[i..hi], with j < i: go on in the side that holds the boundary k.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
