package dev.jackpot.worker.trial;

import org.bytedeco.javacpp.Pointer;

import java.io.Serializable;

/**
 * The executor JVM's memory right after a trial, recorded with its results so that a sweep shows whether memory
 * grows from trial to trial in one executor (it should not: every trial's arrays are garbage once it returns).
 * Taken after a full collection, so heap and off-heap hold what the JVM keeps, not what it has not yet reclaimed.
 *
 * <p>ND4J's CPU arrays are allocated by libnd4j, outside javacpp's and ND4J's own allocation counters (both stay
 * near zero while gigabytes are in use), so the native side is measured as what the process holds beyond its
 * Java heap: resident memory minus the heap's committed size (an underestimate where committed heap pages were never
 * touched).
 *
 * @param heapMb   Java heap in use
 * @param nativeMb resident memory outside the committed Java heap: ND4J's arrays, oneDNN's caches, the JVM's own
 * @param rssMb    the process's resident memory
 */
public record TrialMemory(long heapMb, long nativeMb, long rssMb) implements Serializable {
    /** For a trial that never reached an executor. */
    public static final TrialMemory UNKNOWN = new TrialMemory(-1, -1, -1);

    /** Collects garbage (ND4J frees native buffers when their arrays are collected), then measures. */
    public static TrialMemory afterCollection() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long rss = Pointer.physicalBytes();
        return new TrialMemory((rt.totalMemory() - rt.freeMemory()) >> 20, Math.max(0, rss - rt.totalMemory()) >> 20,
                rss >> 20);
    }

    public boolean known() {
        return rssMb >= 0;
    }
}
