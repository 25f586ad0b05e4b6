package dev.jackpot.worker.trial;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a trial's runs are trained: each on one executor ({@link Kind#SINGLE}, the default), or each across the
 * cluster by synchronous data parallelism ({@link Kind#DATA_PARALLEL}): every minibatch is split into
 * {@code workers} equal slices, each worker takes one step on its slice, and parameters and momentum are averaged
 * after every step. That changes a run's numbers (the summation order of the gradient, BatchNorm's batch
 * statistics over a slice), so a data-parallel trial is another trial: its mode and workers are part of the id.
 *
 * @param kind    single or data-parallel
 * @param workers slices per minibatch (1 for single)
 */
public record TrialMode(Kind kind, int workers) implements Serializable {
    public enum Kind { SINGLE, DATA_PARALLEL }

    public static final TrialMode SINGLE = new TrialMode(Kind.SINGLE, 1);

    public TrialMode {
        if (kind == Kind.SINGLE && workers != 1) {
            throw new IllegalArgumentException("a single-executor trial has 1 worker, not " + workers);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, not " + workers);
        }
    }

    public static TrialMode dataParallel(int workers) {
        return new TrialMode(Kind.DATA_PARALLEL, workers);
    }

    public boolean isDataParallel() {
        return kind == Kind.DATA_PARALLEL;
    }

    /** As the spec and the trials table write it: single | data-parallel. */
    public String label() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
