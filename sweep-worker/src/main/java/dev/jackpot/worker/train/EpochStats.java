package dev.jackpot.worker.train;

/**
 * One epoch of one run.
 *
 * @param epoch     1-based
 * @param lr        the learning rate at the epoch's last step
 * @param trainLoss mean training objective over the epoch's minibatches (cross-entropy plus the L2 term)
 * @param testLoss  mean cross-entropy on the test set
 * @param testAcc   test accuracy in [0, 1]
 */
public record EpochStats(int epoch, double lr, double trainLoss, double testLoss, double testAcc) {}
