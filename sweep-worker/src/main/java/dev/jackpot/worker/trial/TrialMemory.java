package dev.jackpot.worker.trial;

import org.bytedeco.javacpp.Pointer;

import java.io.Serializable;

/**
 * The executor JVM's memory right after a trial, recorded with its results so that a sweep shows whether memory
 * grows from trial to trial in one executor (it should not: every trial's arrays are garbage once it returns).
 * Taken after a full collection, so heap and off-heap hold what the JVM keeps, not what it has not yet reclaimed.
 *
 * @param heapMb    Java heap in use
 * @param offHeapMb native memory javacpp (hence ND4J) holds for arrays and workspaces
 * @param rssMb     the process's resident memory: heap, native, code and the JVM's own
 */
public record TrialMemory(long heapMb, long offHeapMb, long rssMb) implements Serializable {
    /** For a trial that never reached an executor. */
    public static final TrialMemory UNKNOWN = new TrialMemory(-1, -1, -1);

    /** Collects garbage (ND4J frees native buffers when their arrays are collected), then measures. */
    public static TrialMemory afterCollection() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new TrialMemory((rt.totalMemory() - rt.freeMemory()) >> 20, Pointer.totalBytes() >> 20,
                Pointer.physicalBytes() >> 20);
    }

    public boolean known() {
        return rssMb >= 0;
    }
}
