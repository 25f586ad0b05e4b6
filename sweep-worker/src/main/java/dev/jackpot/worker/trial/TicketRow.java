package dev.jackpot.worker.trial;

import java.io.Serializable;

/**
 * One run of a trial: the dense run (round 0) or one ticket at one round.
 *
 * @param kind              DENSE, LT, RR, RP
 * @param round             IMP round (0 for DENSE)
 * @param sparsityTarget    1 - (1 - rate)^round over the prunable weights
 * @param sparsityAchieved  fraction of the prunable weights that are zero in the mask
 * @param aliveWeights      prunable weights alive
 * @param prunableWeights   prunable weights in all
 * @param finalAcc          test accuracy after the last epoch
 * @param bestAcc           best test accuracy over the epochs
 * @param bestEpoch         1-based epoch of bestAcc
 * @param finalLoss         test loss after the last epoch
 * @param epochsTrained     epochs actually trained (fewer than T when diverged)
 * @param diverged          the loss became NaN or infinite
 * @param seconds           wall time of the run
 */
public record TicketRow(TicketKind kind, int round, double sparsityTarget, double sparsityAchieved,
                        long aliveWeights, long prunableWeights, double finalAcc, double bestAcc, int bestEpoch,
                        double finalLoss, int epochsTrained, boolean diverged, double seconds)
        implements Serializable {}
