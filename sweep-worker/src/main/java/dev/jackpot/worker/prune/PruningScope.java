package dev.jackpot.worker.prune;

/** GLOBAL: one magnitude threshold over all prunable weights; LAYERWISE: the same fraction in each layer. */
public enum PruningScope { GLOBAL, LAYERWISE }
