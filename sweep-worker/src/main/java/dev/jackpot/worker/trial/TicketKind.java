package dev.jackpot.worker.trial;

/** The runs compared in one trial (../shared/LTH-SPEC.md, "Tickets"). */
public enum TicketKind {
    /** The dense network trained from θ0: one per trial, round 0. */
    DENSE,
    /** Lottery ticket: θ0 ⊙ m, m from magnitude pruning. */
    LT,
    /** Random re-initialisation: θ0' ⊙ m, θ0' a fresh draw from the same initialiser. */
    RR,
    /** Random pruning: θ0 ⊙ m_r, m_r random with the same count per layer as m. */
    RP;

    /** The kinds a user may list under {@code tickets} (DENSE always runs). */
    public static boolean selectable(TicketKind kind) {
        return kind != DENSE;
    }
}
