package dev.jackpot.worker.trial;

/**
 * Decides which trial ends in this JVM run a full collection: one per round of the trials running here, where a
 * round is as many trial ends as there were trials running when the round's last one ended.
 *
 * <p>A full collection is what frees a finished trial's native arrays (ND4J frees them only when their Java objects
 * are collected, and a trial's networks live long enough to reach the old generation), and it stops every thread
 * in the JVM. After every trial, an executor running N trials at once would stop all N for each of them: with the
 * serial collector's 60 ms on a 4-s trial, about 1.5% of the time with one task slot, 3% with two, 24% with 16. Once
 * per round keeps the number of pauses per trial length at one slot's, whatever the number of slots (each pause
 * grows somewhat with the live heap), and leaves at most one round of finished trials' garbage between
 * collections. With one trial at a time every end collects, as before; the last trial of a sweep always does.
 */
final class FullCollections {
    private int running;
    private int endedSinceCollection;

    /** A trial starts in this JVM. */
    synchronized void started() {
        running++;
    }

    synchronized int running() {
        return running;
    }

    /** A trial that {@link #started} ends; true when its end should run the full collection. */
    synchronized boolean ended() {
        int runningWithThisOne = running;
        running = Math.max(0, running - 1);
        endedSinceCollection++;
        if (endedSinceCollection >= runningWithThisOne) {
            endedSinceCollection = 0;
            return true;
        }
        return false;
    }
}
