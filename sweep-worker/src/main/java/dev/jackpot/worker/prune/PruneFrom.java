package dev.jackpot.worker.prune;

/** Which checkpoint of a run is pruned: its last epoch, or its best test-accuracy epoch (the paper's code). */
public enum PruneFrom { FINAL, BEST }
