package dev.jackpot.worker.trial;

/** OK: every run finished; DIVERGED: a run's loss became NaN/inf and the trial stopped; FAILED: an exception. */
public enum TrialStatus { OK, DIVERGED, FAILED }
