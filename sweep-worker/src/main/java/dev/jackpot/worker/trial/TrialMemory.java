package dev.jackpot.worker.trial;

import org.bytedeco.javacpp.Pointer;

import java.io.Serializable;

/**
 * The executor JVM's memory at the end of a trial, recorded with its results so that a sweep shows whether memory
 * grows from trial to trial in one executor (it should not: every trial's arrays are garbage once it returns).
 *
 * <p>Trial ends run a full collection once per round of the trials running in the JVM ({@link FullCollections}):
 * every trial with one task slot, every other one with two. The heap figure is what the most recent such collection
 * left, so it counts what the JVM keeps, not garbage it has not reclaimed yet; the resident figures are read at the
 * trial's end, after that collection where this trial ran it, and otherwise include at most one round of finished
 * trials' arrays that the next collection frees.
 *
 * <p>ND4J's CPU arrays are allocated by libnd4j, outside javacpp's and ND4J's own allocation counters (both stay
 * near zero while gigabytes are in use), so the native side is measured as what the process holds beyond its
 * Java heap: resident memory minus the heap's committed size (an underestimate where committed heap pages were never
 * touched).
 *
 * @param heapMb   Java heap in use after the JVM's most recent trial-end collection
 * @param nativeMb resident memory outside the committed Java heap: ND4J's arrays, oneDNN's caches, the JVM's own
 * @param rssMb    the process's resident memory
 */
public record TrialMemory(long heapMb, long nativeMb, long rssMb) implements Serializable {
    /** For a trial that never reached an executor. */
    public static final TrialMemory UNKNOWN = new TrialMemory(-1, -1, -1);

    private static final FullCollections COLLECTIONS = new FullCollections();
    private static volatile long heapAfterLastCollection = -1;

    /** Counts a trial as running in this JVM until {@link #atTrialEnd} or {@link #trialAbandoned}. */
    static void trialStarted() {
        COLLECTIONS.started();
    }

    /** Ends a trial that {@link #trialStarted} without measuring (an error escaped it); collects if its round's. */
    static void trialAbandoned() {
        if (COLLECTIONS.ended()) {
            collect();
        }
    }

    /**
     * Ends a trial that {@link #trialStarted}: collects garbage if this end is its round's collection (ND4J frees
     * native buffers when their arrays are collected), then measures.
     */
    static TrialMemory atTrialEnd() {
        if (COLLECTIONS.ended() || heapAfterLastCollection < 0) {
            collect();
        }
        Runtime rt = Runtime.getRuntime();
        long rss = Pointer.physicalBytes();
        return new TrialMemory(heapAfterLastCollection >> 20, Math.max(0, rss - rt.totalMemory()) >> 20, rss >> 20);
    }

    /** Trials counted as running in this JVM (for tests). */
    static int trialsRunning() {
        return COLLECTIONS.running();
    }

    private static void collect() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        heapAfterLastCollection = rt.totalMemory() - rt.freeMemory();
    }

    public boolean known() {
        return rssMb >= 0;
    }
}
