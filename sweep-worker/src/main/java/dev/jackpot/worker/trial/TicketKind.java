package dev.jackpot.worker.trial;

/**
 * The runs compared in one trial (../shared/LTH-SPEC.md, "Tickets"). Every kind but DENSE runs once per pruning
 * round, in this declaration order, all fed by the one dense run of the trial.
 */
public enum TicketKind {
    /** The dense network trained from θ0: one per trial, round 0. */
    DENSE,
    /** Lottery ticket: θ0 ⊙ m, m from magnitude pruning. */
    LT,
    /** Random re-initialisation: θ0' ⊙ m, θ0' a fresh draw from the same initialiser. */
    RR,
    /** Random pruning: θ0 ⊙ m_r, m_r random with the same count per layer as m. */
    RP,
    /** Small dense: a fresh network of the same depth whose width makes its prunable weights about m's alive count. */
    SDT,
    /** Weight rewinding: θt ⊙ m, θt the dense run after epoch t; trains the remaining T - t epochs. */
    WR,
    /** Prune and fine-tune: the pruned checkpoint times m, trained T epochs. */
    PF,
    /** Random ticket: θ0 ⊙ m_s, m_s random with Su et al.'s smart-ratio keep fraction per layer. */
    RT,
    /**
     * Shuffled mask: θ0 ⊙ m', m' = m permuted within each layer. As a distribution this is RP (a uniformly random
     * mask with m's per-layer counts); it is its own draw, kept so the paper's two shuffle controls read as such.
     */
    SM,
    /** Shuffled init: mask m kept, the surviving values of θ0 permuted among m's alive positions within each layer. */
    SI;

    /** The kinds a user may list under {@code tickets} (DENSE always runs). */
    public static boolean selectable(TicketKind kind) {
        return kind != DENSE;
    }
}
