package dev.jackpot.driver.analyze;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Pearson and Spearman correlation with percentile bootstrap 95% intervals, resampling clusters rather than
 * single observations: the rounds of one trial share θ0, the data order and the dense run, so they are not
 * independent, and resampling them one by one would make the intervals too narrow. With one observation per
 * cluster this is the ordinary bootstrap.
 *
 * <p>Each resample draws as many clusters as there are, with replacement, from a {@link SplittableRandom} seeded
 * by the caller, so a report is reproducible. Resamples where a correlation is undefined (a constant factor or
 * outcome in the resample) are dropped; when more than half are, the interval is not given. The interval is the
 * 2.5% and 97.5% quantiles of the resampled values, linearly interpolated (type 7, as R and numpy default).
 */
public final class Bootstrap {
    /** The estimate and its interval; NaN where undefined. */
    public record Estimate(int n, int clusters, double pearson, double pearsonLo, double pearsonHi,
                           double spearman, double spearmanLo, double spearmanHi, int resamples, int validResamples) {}

    private Bootstrap() {}

    /**
     * @param x        the factor, one value per observation
     * @param y        the outcome, one value per observation
     * @param clusters the cluster of each observation (e.g. its trial id)
     */
    public static Estimate correlate(double[] x, double[] y, List<String> clusters, int resamples, long seed) {
        int n = x.length;
        double pearson = Correlation.pearson(x, y);
        double spearman = Correlation.spearman(x, y);
        int[][] members = group(clusters);
        int k = members.length;
        if (Double.isNaN(pearson)) {
            return new Estimate(n, k, pearson, Double.NaN, Double.NaN, spearman, Double.NaN, Double.NaN, resamples, 0);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] ps = new double[resamples];
        double[] ss = new double[resamples];
        int valid = 0;
        for (int b = 0; b < resamples; b++) {
            int[] pick = new int[k];
            int size = 0;
            for (int i = 0; i < k; i++) {
                pick[i] = random.nextInt(k);
                size += members[pick[i]].length;
            }
            double[] bx = new double[size];
            double[] by = new double[size];
            int at = 0;
            for (int c : pick) {
                for (int i : members[c]) {
                    bx[at] = x[i];
                    by[at] = y[i];
                    at++;
                }
            }
            double p = Correlation.pearson(bx, by);
            double s = Correlation.spearman(bx, by);
            if (!Double.isNaN(p) && !Double.isNaN(s)) {
                ps[valid] = p;
                ss[valid] = s;
                valid++;
            }
        }
        if (valid * 2 < resamples) {
            return new Estimate(n, k, pearson, Double.NaN, Double.NaN, spearman, Double.NaN, Double.NaN, resamples, valid);
        }
        double[] p = Arrays.copyOf(ps, valid);
        double[] s = Arrays.copyOf(ss, valid);
        Arrays.sort(p);
        Arrays.sort(s);
        return new Estimate(n, k, pearson, quantile(p, 0.025), quantile(p, 0.975), spearman, quantile(s, 0.025),
                quantile(s, 0.975), resamples, valid);
    }

    /** Quantile q of sorted values, linear interpolation between order statistics (type 7). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static int[][] group(List<String> clusters) {
        Map<String, List<Integer>> byCluster = new LinkedHashMap<>();
        for (int i = 0; i < clusters.size(); i++) {
            byCluster.computeIfAbsent(clusters.get(i), c -> new ArrayList<>()).add(i);
        }
        return byCluster.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }
}
