package dev.jackpot.worker.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightCorrelationTest {
    private static final int[] SIZES = {6000, 4000};

    private static float[] gaussian(int n, SplittableRandom r) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) nextGaussian(r);
        }
        return x;
    }

    private static double nextGaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static float[] randomMask(int n, double keep, SplittableRandom r) {
        float[] m = new float[n];
        for (int i = 0; i < n; i++) {
            m[i] = r.nextDouble() < keep ? 1f : 0f;
        }
        return m;
    }

    @Test
    void aTensorWithItselfIsOneForEveryP() {
        SplittableRandom r = new SplittableRandom(1);
        List<WeightCorrelation.Overlap> layers = new ArrayList<>();
        for (int size : SIZES) {
            float[] a = gaussian(size, r);
            layers.add(WeightCorrelation.layer(a, a.clone(), randomMask(size, 0.3, r)));
        }
        for (double rp : WeightCorrelation.overall(layers).values()) {
            assertEquals(1.0, rp, 0.0);
        }
        for (double rp : layers.get(1).rp().values()) {
            assertEquals(1.0, rp, 0.0);
        }
    }

    @Test
    void aSmallExampleByHand() {
        float[] a = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        float[] b = {5, 9, 8, 7, 6, 10, 4, 3, 2, 1};   // positions 0 and 5 swapped
        float[] all = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        RpValues rp = WeightCorrelation.layer(a, b, all).rp();
        // k = 1: {0} vs {5}; k = 2: {0,1} vs {5,1}; k = 3: {0,1,2} vs {5,1,2}; k = 4 likewise; k = 5: {0..4} vs {1..5}.
        assertEquals(0.0, rp.rp10());
        assertEquals(1 / 2.0, rp.rp20());
        assertEquals(2 / 3.0, rp.rp30());
        assertEquals(3 / 4.0, rp.rp40());
        assertEquals(4 / 5.0, rp.rp50());
        // Signs do not matter, magnitudes do.
        float[] negated = b.clone();
        for (int i = 0; i < negated.length; i++) {
            negated[i] = -negated[i];
        }
        assertEquals(rp, WeightCorrelation.layer(a, negated, all).rp());
    }

    /**
     * For independent a and b with continuous distributions, the top-k positions of each are independent uniform
     * k-subsets of the N alive positions, so their overlap is hypergeometric: mean k²/N, variance
     * k (k/N) (1 - k/N) (N - k)/(N - 1). Summed over independent layers, R_p has mean Σ(k_l²/N_l)/Σk_l (p up to the
     * rounding of k_l) and standard deviation sqrt(Σ var_l)/Σk_l, about 0.006 here at p = 0.1. Five standard
     * deviations would be exceeded by chance with probability below 1e-6 (and the seeds are fixed), while a bug that
     * counted pruned positions or mixed up positions would move R_p by far more.
     */
    @Test
    void independentRandomTensorsGiveAboutP() {
        SplittableRandom r = new SplittableRandom(2);
        List<WeightCorrelation.Overlap> layers = new ArrayList<>();
        for (int size : SIZES) {
            layers.add(WeightCorrelation.layer(gaussian(size, r), gaussian(size, r), randomMask(size, 0.7, r)));
        }
        RpValues rp = WeightCorrelation.overall(layers);
        for (int i = 0; i < RpValues.count(); i++) {
            double mean = 0;
            double variance = 0;
            double top = 0;
            for (WeightCorrelation.Overlap o : layers) {
                double n = o.alive();
                double k = o.top()[i];
                mean += k * k / n;
                variance += k * (k / n) * (1 - k / n) * (n - k) / (n - 1);
                top += k;
            }
            double expected = mean / top;
            double sd = Math.sqrt(variance) / top;
            assertEquals(RpValues.p(i), expected, 0.001, "the null mean is p up to rounding");
            assertEquals(expected, rp.values()[i], 5 * sd, "R_p at p = " + RpValues.p(i) + " (sd " + sd + ")");
        }
    }

    @Test
    void correlatedTensorsGiveMoreThanP() {
        SplittableRandom r = new SplittableRandom(3);
        float[] a = gaussian(5000, r);
        float[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += 0.3f * (float) nextGaussian(r);
        }
        float[] all = randomMask(5000, 1.0, r);
        RpValues rp = WeightCorrelation.layer(a, b, all).rp();
        for (int i = 0; i < RpValues.count(); i++) {
            assertTrue(rp.values()[i] > RpValues.p(i) + 0.2, "R_p at p = " + RpValues.p(i) + ": " + rp.values()[i]);
        }
    }

    @Test
    void onlyAliveWeightsCount() {
        // Alive positions 0..9 hold the same values in a and b: R_p over them is 1. The pruned positions 10..19 hold
        // the largest magnitudes, different in a and b: counted, they would fill the top sets and make R_p < 1.
        float[] a = new float[20];
        float[] b = new float[20];
        float[] mask = new float[20];
        for (int i = 0; i < 10; i++) {
            a[i] = b[i] = i + 1;
            mask[i] = 1;
        }
        for (int i = 10; i < 20; i++) {
            a[i] = 100 + i;
            b[i] = 200 - i;
        }
        RpValues rp = WeightCorrelation.layer(a, b, mask).rp();
        for (double v : rp.values()) {
            assertEquals(1.0, v, 0.0);
        }
        WeightCorrelation.Overlap o = WeightCorrelation.layer(a, b, mask);
        assertEquals(10, o.alive());
        assertEquals(5, o.top()[4], "k = round(0.5 * 10 alive), not of the 20 positions");
        float[] all = new float[20];
        java.util.Arrays.fill(all, 1f);
        assertTrue(WeightCorrelation.layer(a, b, all).rp().rp10() < 1.0, "the pruned positions do change the answer");
    }

    @Test
    void overallSumsCountsAcrossLayersRatherThanAveragingLayers() {
        float[] big = new float[100];
        float[] bigReversed = new float[100];
        float[] small = new float[10];
        float[] ones100 = new float[100];
        float[] ones10 = new float[10];
        for (int i = 0; i < 100; i++) {
            big[i] = i + 1;
            bigReversed[i] = 100 - i;
            ones100[i] = 1;
        }
        for (int i = 0; i < 10; i++) {
            small[i] = i + 1;
            ones10[i] = 1;
        }
        var disjoint = WeightCorrelation.layer(big, bigReversed, ones100);   // top 10 of 100: no overlap
        var same = WeightCorrelation.layer(small, small, ones10);            // top 1 of 10: overlap 1
        assertEquals(1.0 / 11, WeightCorrelation.overall(List.of(disjoint, same)).rp10(), 1e-12);
    }

    /**
     * Against the definition written out plainly (every alive position ranked by a full sort, ties to the lower
     * position), on values with many ties and of both signs, for sizes where round(p · N) lands everywhere: the
     * partial sort must select exactly the same top sets.
     */
    @Test
    void matchesAFullSortOfTheDefinitionIncludingTies() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {1, 2, 3, 5, 10, 11, 64, 333, 1000, 4097}) {
            for (int levels : new int[] {3, 50, 1_000_000}) {
                float[] a = new float[n];
                float[] b = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (r.nextInt(levels) - levels / 2) / (float) levels;
                    b[i] = r.nextBoolean() ? a[i] : (r.nextInt(levels) - levels / 2) / (float) levels;
                }
                float[] mask = randomMask(n, 0.7, r);
                WeightCorrelation.Overlap got = WeightCorrelation.layer(a, b, mask);
                List<Integer> alive = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (mask[i] != 0f) {
                        alive.add(i);
                    }
                }
                List<Integer> byA = byMagnitude(alive, a);
                List<Integer> byB = byMagnitude(alive, b);
                for (int i = 0; i < RpValues.count(); i++) {
                    int k = (int) Math.round(RpValues.p(i) * alive.size());
                    java.util.Set<Integer> topA = new java.util.HashSet<>(byA.subList(0, k));
                    long shared = byB.subList(0, k).stream().filter(topA::contains).count();
                    String what = "n=" + n + " levels=" + levels + " p=" + RpValues.p(i);
                    assertEquals(alive.size(), got.alive(), what);
                    assertEquals(k, got.top()[i], what);
                    assertEquals(shared, got.shared()[i], what);
                }
            }
        }
    }

    private static List<Integer> byMagnitude(List<Integer> positions, float[] x) {
        List<Integer> order = new ArrayList<>(positions);
        order.sort(java.util.Comparator.<Integer>comparingDouble(p -> -Math.abs(x[p])).thenComparing(p -> p));
        return order;
    }

    /** Quickselect puts exactly the k smallest first, for every k, on keys in every arrangement tried. */
    @Test
    void selectionPutsTheKSmallestFirst() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {0, 1, 2, 3, 7, 100, 1001}) {
            long[] sorted = r.longs(n).distinct().sorted().toArray();
            for (int k = 0; k <= sorted.length; k++) {
                for (String arrangement : List.of("random", "ascending", "descending")) {
                    long[] keys = sorted.clone();
                    if (arrangement.equals("descending")) {
                        for (int i = 0; i < keys.length / 2; i++) {
                            long t = keys[i];
                            keys[i] = keys[keys.length - 1 - i];
                            keys[keys.length - 1 - i] = t;
                        }
                    } else if (arrangement.equals("random")) {
                        for (int i = keys.length - 1; i > 0; i--) {
                            int j = r.nextInt(i + 1);
                            long t = keys[i];
                            keys[i] = keys[j];
                            keys[j] = t;
                        }
                    }
                    WeightCorrelation.selectSmallest(keys, k);
                    long[] head = java.util.Arrays.copyOf(keys, k);
                    java.util.Arrays.sort(head);
                    assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOf(sorted, k), head),
                            "n=" + n + " k=" + k + " " + arrangement);
                }
            }
        }
    }
}
