package dev.jackpot.worker;

import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.prune.PruneFrom;
import dev.jackpot.worker.prune.PruningMethod;
import dev.jackpot.worker.prune.PruningScope;
import dev.jackpot.worker.trial.TicketKind;
import dev.jackpot.worker.trial.TicketSettings;
import dev.jackpot.worker.trial.TrialSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Tiny synthetic data and specs for unit tests: learnable (class = the brightest of 10 pixel bands). */
public final class Fixtures {
    private Fixtures() {}

    public static Dataset synthetic(int train, int test, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] trainClasses = classes(train, r);
        int[] testClasses = classes(test, r);
        return new Dataset("synthetic", features(trainClasses, r), oneHot(trainClasses), trainClasses,
                features(testClasses, r), oneHot(testClasses), testClasses, 28, 28, 1);
    }

    private static int[] classes(int n, SplittableRandom r) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextInt(10);
        }
        return c;
    }

    private static INDArray features(int[] classes, SplittableRandom r) {
        int n = classes.length;
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble() * 0.5f;
        }
        for (int i = 0; i < n; i++) {
            for (int p = classes[i] * 78; p < classes[i] * 78 + 78; p++) {
                x[i * 784 + p] += 0.5f;
            }
        }
        return Nd4j.create(x, new long[] {n, 784}, 'c');
    }

    private static INDArray oneHot(int[] classes) {
        float[] y = new float[classes.length * 10];
        for (int i = 0; i < classes.length; i++) {
            y[i * 10 + classes[i]] = 1f;
        }
        return Nd4j.create(y, new long[] {classes.length, 10}, 'c');
    }

    public static TrialSpec spec(String arch, boolean residual, int rounds, long seed) {
        return spec(arch, residual, rounds, seed, DatasetRef.bundled());
    }

    /** A small trial of {@code arch} at width 0.1 on {@code dataset}: 2 epochs, batch 32, LT, RR and RP. */
    public static TrialSpec spec(String arch, boolean residual, int rounds, long seed, DatasetRef dataset) {
        return new TrialSpec(arch, 0.1, residual, dataset, 0.05, 2, 32, 0.9, 1e-4,
                List.of(0.5, 0.75), 0.1, seed, PruningMethod.IMP, PruningScope.GLOBAL, 0.2, rounds, PruneFrom.BEST,
                List.of("first-conv", "last-dense"), new TreeSet<>(EnumSet.of(TicketKind.LT, TicketKind.RR, TicketKind.RP)),
                TicketSettings.DEFAULTS);
    }

    /** {@code base} with other ticket kinds and pruning checkpoint. */
    public static TrialSpec with(TrialSpec base, Set<TicketKind> tickets, PruneFrom from) {
        return new TrialSpec(base.architecture(), base.width(), base.residual(), base.dataset(), base.lr(),
                base.epochs(), base.batchSize(), base.momentum(), base.weightDecay(), base.lrDrops(),
                base.lrDropFactor(), base.seed(), base.pruningMethod(), base.pruningScope(), base.pruneRate(),
                base.rounds(), from, base.excludeLayers(), new TreeSet<>(tickets), base.ticketSettings());
    }
}
