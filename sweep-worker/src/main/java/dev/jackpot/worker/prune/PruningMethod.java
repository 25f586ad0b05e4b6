package dev.jackpot.worker.prune;

/** IMP prunes 20% of the alive weights per round, retraining in between; OMP prunes θT once per target. */
public enum PruningMethod { IMP, OMP }
