package dev.jackpot.worker.model;

import org.bytedeco.javacpp.Pointer;

/**
 * Refuses, before anything is allocated, a network whose training needs more native memory than this JVM may
 * use. Without it a too-wide network makes ND4J allocate until the operating system kills the executor, Spark
 * retries the task on the next executor, which dies too, and the whole sweep fails; with it the trial fails
 * alone, with a message that says why. The driver cannot check this up front: the limit is each executor's.
 */
public final class MemoryBudget {
    /**
     * float32 copies of the weights a trial certainly holds at once: the weights, their gradients, the momentum,
     * θ0 (and in fact more: best and final checkpoints, masks). A lower bound, so a refusal is never wrong.
     */
    static final int COPIES = 4;

    private MemoryBudget() {}

    /** Bytes this JVM may allocate off-heap: javacpp's limit (-Dorg.bytedeco.javacpp.maxbytes, default -Xmx). */
    public static long limit() {
        long max = Pointer.maxBytes();
        long physical = Pointer.totalPhysicalBytes();
        if (max <= 0) {
            return physical > 0 ? physical : Long.MAX_VALUE;
        }
        return physical > 0 ? Math.min(max, physical) : max;
    }

    /** Lower bound of the native bytes training {@code layers} needs. */
    public static long needed(LayerSizes.Layers layers) {
        return layers.total() * Float.BYTES * COPIES;
    }

    /** @throws IllegalStateException if the network cannot fit in {@code limit} bytes */
    public static void requireFits(String architecture, double width, LayerSizes.Layers layers, long limit) {
        long needed = needed(layers);
        if (needed > limit) {
            throw new IllegalStateException(String.format(
                    "%s at width %s has %,d weights and needs at least %s of native memory to train (weights, "
                            + "gradients, momentum, θ0 in float32), more than this executor's limit of %s "
                            + "(org.bytedeco.javacpp.maxbytes, default the JVM's -Xmx); use a smaller width",
                    architecture, width, layers.total(), gib(needed), gib(limit)));
        }
    }

    private static String gib(long bytes) {
        return String.format("%.1f GiB", bytes / (double) (1L << 30));
    }
}
