package dev.jackpot.worker.trial;

import dev.jackpot.worker.backend.NativeBuild;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's thread count for the calling trial. Spark gives each task {@code spark.task.cpus} cores; using more
 * threads than that oversubscribes the executor, fewer wastes it. OMP_NUM_THREADS must also be set before the
 * JVM starts (bin/sweep does it in local mode, Spark on executors), since OpenMP reads it once.
 */
public final class Nd4jThreads {
    static {
        // Before this class's first use of ND4J loads the native library.
        NativeBuild.select();
    }

    private Nd4jThreads() {}

    public static void set(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        // OpenMP's own count, which oneDNN's convolutions and BatchNorm use: ND4J 1.0.0-M2 leaves it at 4 on this
        // 2-core machine whatever OMP_NUM_THREADS says, so a "one-thread" trial ran conv nets on four (ResNet-8:
        // 334 ms of process CPU per step against 172 with one; docs/BENCHMARKS.md). OpenMP keeps the count per
        // calling thread, and this runs on the thread that trains.
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /** The native build actually loaded (not just the one asked for), recorded with every trial. */
    public static String backend() {
        Nd4j.getBackend();
        // The library's own isUseONEDNN flag answers true in both builds; the loaded file's folder does not lie.
        boolean onednn = org.bytedeco.javacpp.Loader.getLoadedLibraries().values().stream()
                .anyMatch(path -> path.contains("-onednn-avx2"));
        return "nd4j-native " + (onednn ? "onednn-avx2" : "portable");
    }

    /**
     * {@link #backend()} and OpenBLAS's kernels ({@link NativeBuild#openblasCoreType()}), as recorded with every
     * trial: a trial's numbers depend on both beyond its settings (kernels sum in different orders, so the last
     * digits differ between them).
     */
    public static String backendAndKernels() {
        return backend() + ", OpenBLAS " + NativeBuild.openblasCoreType();
    }
}
