package dev.jackpot.worker.trial;

import java.io.Serializable;

/** One epoch of one run of a trial (the {@code epochs} table). */
public record EpochRow(TicketKind kind, int round, int epoch, double lr, double trainLoss, double testLoss,
                       double testAcc) implements Serializable {}
