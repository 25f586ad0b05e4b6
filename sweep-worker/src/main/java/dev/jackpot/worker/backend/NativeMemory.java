package dev.jackpot.worker.backend;

import org.bytedeco.javacpp.Pointer;

import java.util.Locale;
import java.util.stream.Stream;

/**
 * Keeps the process's native memory bounded with one check per training run instead of one per native allocation.
 *
 * <p>ND4J's arrays live outside the Java heap and are freed only when the garbage collector finds their Java objects
 * unreachable. JavaCPP guards against that memory piling up: on every allocation it reads the process's resident size
 * and, above {@code org.bytedeco.javacpp.maxPhysicalBytes} (by default four times the maximum heap), runs the
 * collector.
 * It reads the size inside a lock that every allocating thread takes, so two trials in one executor queue behind
 * each other on every array they create: a local[2] quick sweep's trial threads used 7% more CPU than with the
 * check off, while local[1] showed no difference (docs/BENCHMARKS.md, "Issue 6, fourth session").
 *
 * <p>So where the user has not set that property, {@link #configure} sets it to 0 (no per-allocation check), and
 * {@link #collectIfAbove} applies the same limit after each run of a trial, which is when the run's networks
 * become garbage. Unlike JavaCPP, it throws no OutOfMemoryError when the collection does not bring the process
 * under the limit (JavaCPP's memory trimming is not public either); the next run checks again. Trial ends add a
 * collection once per round of the trials running in the JVM (TrialMemory, FullCollections). Limits the user sets (either of JavaCPP's
 * memory properties, in either spelling) are JavaCPP's to keep, on every allocation as before.
 */
public final class NativeMemory {
    static final String MAX_PHYSICAL = "org.bytedeco.javacpp.maxPhysicalBytes";
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxBytes";

    /** Resident bytes above which {@link #collectIfAbove} collects; 0 where JavaCPP checks on every allocation. */
    private static volatile long limit;

    private NativeMemory() {}

    /** Called once per JVM before JavaCPP loads (it reads its limits once, when its Pointer class initialises). */
    static void configure() {
        boolean userSet = Stream.of(MAX_PHYSICAL, MAX_BYTES)
                .anyMatch(key -> System.getProperty(key) != null || System.getProperty(key.toLowerCase(Locale.ROOT)) != null);
        limit = limitPerRun(userSet, Runtime.getRuntime().maxMemory());
        if (limit > 0) {
            System.setProperty(MAX_PHYSICAL, "0");
        }
    }

    /**
     * The limit to check per run: JavaCPP's default, maxBytes (the heap) plus three times the heap, unless the user
     * set JavaCPP's limits, which JavaCPP then applies itself.
     */
    static long limitPerRun(boolean userSet, long maxHeap) {
        return userSet ? 0 : 4 * maxHeap;
    }

    /** Collects garbage, freeing unreachable arrays' native memory, when the process holds more than the limit. */
    public static void collectIfAbove() {
        if (limit > 0 && Pointer.physicalBytes() > limit) {
            System.gc();
        }
    }

    /** The per-run limit in bytes, 0 when JavaCPP checks every allocation itself. */
    static long limitPerRun() {
        return limit;
    }
}
