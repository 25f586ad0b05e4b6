package dev.jackpot.driver.analyze;

import java.util.Arrays;

/** Pearson and Spearman correlation of paired samples. NaN where undefined (fewer than 2 points, a constant). */
public final class Correlation {
    private Correlation() {}

    /** Pearson's r: the covariance over the product of the standard deviations. */
    public static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n != y.length) throw new IllegalArgumentException("x and y differ in length");
        if (n < 2 || constant(x) || constant(y)) return Double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** Checked exactly: the mean of equal values need not equal them in floating point, so sxx may not be 0. */
    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) return false;
        }
        return true;
    }

    /** Spearman's rho: Pearson's r of the ranks, ties sharing their average rank. */
    public static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    /** Ranks 1..n; equal values get the average of the ranks they span ("fractional ranking"). */
    public static double[] ranks(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int first = lowerBound(sorted, v[i]);
            int last = upperBound(sorted, v[i]) - 1;
            r[i] = (first + last) / 2.0 + 1;
        }
        return r;
    }

    private static int lowerBound(double[] a, double key) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int upperBound(double[] a, double key) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
