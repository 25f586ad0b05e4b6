package dev.jackpot.worker.trial;

import java.io.Serializable;

/**
 * The settings of the ticket kinds and per-ticket metrics that the pruning recipe does not already fix.
 *
 * @param rewindFraction   WR rewinds to the dense run's weights after epoch t = round(fraction · T), clamped to
 *                         [1, T - 1] so it rewinds past θ0 and still trains; in (0, 1), default 0.05 (about 5%)
 * @param lastLayerKeep    RT: fixed keep fraction of the classifier (the last dense layer) when it is pruned at
 *                         all; in (0, 1], default 0.3 as in Su et al.
 * @param gradNormExamples examples in the fixed batch of training data that grad_norm_init is measured on
 *                         (all of them when the training set is smaller); default 1000
 */
public record TicketSettings(double rewindFraction, double lastLayerKeep, int gradNormExamples)
        implements Serializable {

    public static final TicketSettings DEFAULTS = new TicketSettings(0.05, 0.3, 1000);

    public TicketSettings {
        if (!(rewindFraction > 0 && rewindFraction < 1)) {
            throw new IllegalArgumentException("rewind fraction must be in (0, 1): " + rewindFraction);
        }
        if (!(lastLayerKeep > 0 && lastLayerKeep <= 1)) {
            throw new IllegalArgumentException("last-layer keep must be in (0, 1]: " + lastLayerKeep);
        }
        if (gradNormExamples < 1) {
            throw new IllegalArgumentException("grad-norm examples must be >= 1: " + gradNormExamples);
        }
    }

    /** WR's rewind epoch t for a run of {@code epochs} epochs: round(fraction · T) within [1, T - 1]. */
    public int rewindEpoch(int epochs) {
        if (epochs < 2) {
            throw new IllegalArgumentException("weight rewinding needs at least 2 epochs, got " + epochs);
        }
        return (int) Math.min(epochs - 1, Math.max(1, Math.round(rewindFraction * epochs)));
    }
}
