package dev.jackpot.worker.trial;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's thread count for the calling trial. Spark gives each task {@code spark.task.cpus} cores; using more
 * threads than that oversubscribes the executor, fewer wastes it. OMP_NUM_THREADS must also be set before the
 * JVM starts (bin/sweep does it in local mode, Spark on executors), since OpenMP reads it once.
 */
public final class Nd4jThreads {
    private Nd4jThreads() {}

    public static void set(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }

    /** The backend and native build in use, recorded with every trial. */
    public static String backend() {
        String extension = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        return Nd4j.getBackend().getClass().getSimpleName() + (extension.isEmpty() ? "" : " " + extension);
    }
}
