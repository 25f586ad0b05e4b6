package dev.jackpot.worker.metrics;

import java.io.Serializable;

/**
 * R_p for p = 0.1, 0.2, 0.3, 0.4, 0.5 (the columns {@code rp_10 .. rp_50}). NaN where undefined: a diverged run,
 * or a layer too small to have round(p · N_l) >= 1 alive weights.
 */
public record RpValues(double rp10, double rp20, double rp30, double rp40, double rp50) implements Serializable {

    /** The p of each component, in order. */
    private static final double[] P = {0.1, 0.2, 0.3, 0.4, 0.5};

    public static final RpValues UNDEFINED = new RpValues(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static int count() {
        return P.length;
    }

    public static double p(int i) {
        return P[i];
    }

    static RpValues of(double[] v) {
        if (v.length != P.length) {
            throw new IllegalArgumentException("expected " + P.length + " values, got " + v.length);
        }
        return new RpValues(v[0], v[1], v[2], v[3], v[4]);
    }

    public double[] values() {
        return new double[] {rp10, rp20, rp30, rp40, rp50};
    }
}
