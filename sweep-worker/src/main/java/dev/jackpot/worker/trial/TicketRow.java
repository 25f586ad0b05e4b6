package dev.jackpot.worker.trial;

import dev.jackpot.worker.metrics.RpValues;

import java.io.Serializable;

/**
 * One run of a trial: the dense run (round 0) or one ticket at one round.
 *
 * @param kind              DENSE or a ticket kind
 * @param round             IMP round (0 for DENSE)
 * @param sparsityTarget    1 - (1 - rate)^round over the prunable weights
 * @param sparsityAchieved  1 - aliveWeights / prunableWeights (for SDT: the sparsity its size corresponds to)
 * @param aliveWeights      prunable weights alive (SDT: its own network's prunable weights)
 * @param prunableWeights   prunable weights of the trial's network
 * @param finalAcc          test accuracy after the last epoch
 * @param bestAcc           best test accuracy over the epochs
 * @param bestEpoch         epoch of bestAcc, numbered as in the full run (WR's epochs are t+1..T)
 * @param finalLoss         test loss after the last epoch
 * @param epochsTrained     epochs actually trained (T - t for WR; fewer when diverged)
 * @param diverged          the loss became NaN or infinite
 * @param seconds           wall time of the run, metrics included
 * @param netWidth          width multiplier of the network the run trained (the trial's; smaller for SDT)
 * @param rp                R_p(start ⊙ m, end ⊙ m) over the alive prunable weights; R_p(θ0, θT) for DENSE
 * @param gradNormInit      ‖∇L ⊙ m‖₂ at the starting weights on the fixed batch (see GradientNorm)
 * @param l2Distance        ‖(end - start) ⊙ m‖₂ over the prunable weights
 * @param cosineDistance    1 - cos(start ⊙ m, end ⊙ m) over the prunable weights
 * @param prunedNonzero     prunable weights outside the run's mask that are not exactly zero at its end: 0 unless
 *                          mask enforcement failed (the check that data-parallel training keeps pruned weights
 *                          pruned on every worker); 0 for dense runs, which have no pruned weights
 */
public record TicketRow(TicketKind kind, int round, double sparsityTarget, double sparsityAchieved,
                        long aliveWeights, long prunableWeights, double finalAcc, double bestAcc, int bestEpoch,
                        double finalLoss, int epochsTrained, boolean diverged, double seconds, double netWidth,
                        RpValues rp, double gradNormInit, double l2Distance, double cosineDistance,
                        long prunedNonzero)
        implements Serializable {}
