package dev.jackpot.worker.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Chooses ND4J's native build for this JVM, before ND4J loads (JavaCPP reads the choice once, when it first
 * loads the library), and switches DL4J's oneDNN layer helpers on where that build has them.
 *
 * <p>Two builds ship in the jar for linux-x86_64: the portable one, and {@code -onednn-avx2}, which runs
 * convolutions and BatchNorm through oneDNN (docs/BENCHMARKS.md has the figures). The oneDNN build is taken
 * only where it can run: Linux x86_64, a CPU with AVX2, and its native jar on the classpath. Anywhere else
 * (a CPU without AVX2, macOS, a build made with {@code -Djackpot.portable}) the portable build runs, slower.
 * {@code -Djackpot.native=portable} forces the portable build; an explicit
 * {@code -Dorg.bytedeco.javacpp.platform.extension} is respected as given. Being the one place that runs before
 * JavaCPP loads, it also sets up {@link NativeMemory}'s check.
 */
public final class NativeBuild {
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String ONEDNN = "-onednn-avx2";
    /** DL4J 1.0.0-M2 skips every layer helper unless this is "false" (its default is true). */
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    private static final String ONEDNN_LIBRARY =
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64" + ONEDNN + "/libjnind4jcpu.so";

    private static volatile String chosen;

    private NativeBuild() {}

    /** Makes the choice once per JVM and returns a description of it, e.g. "onednn-avx2 (AVX2 CPU)". */
    public static synchronized String select() {
        if (chosen == null) {
            chosen = choose();
        }
        return chosen;
    }

    /**
     * OpenBLAS's kernels as this process was started with: OPENBLAS_CORETYPE (bin/sweep sets it from the CPU's
     * flags), or "auto" where OpenBLAS detects the CPU itself. Read at start-up only, by the library.
     */
    public static String openblasCoreType() {
        String set = System.getenv("OPENBLAS_CORETYPE");
        // OpenBLAS ignores an empty value and detects the CPU itself, as when the variable is unset.
        return set == null || set.isBlank() ? "auto" : set.strip();
    }

    private static String choose() {
        boolean jarPresent = NativeBuild.class.getClassLoader().getResource(ONEDNN_LIBRARY) != null;
        Choice c = decide(System.getProperty(EXTENSION_PROPERTY), System.getProperty("jackpot.native", ""),
                System.getProperty("os.name", ""), System.getProperty("os.arch", ""), NativeBuild::cpuHasAvx2,
                jarPresent);
        // Always explicit: left unset, JavaCPP itself loads the first build it finds on the classpath, the oneDNN
        // one included, without checking that the CPU can run it.
        System.setProperty(EXTENSION_PROPERTY, c.extension());
        if (ONEDNN.equals(c.extension())) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
        NativeMemory.configure();
        return (c.extension().isEmpty() ? "portable" : c.extension().substring(1)) + " (" + c.reason() + ")";
    }

    /** The build to load (a JavaCPP platform extension, "" for the portable build) and why. */
    record Choice(String extension, String reason) {}

    static Choice decide(String explicitExtension, String forced, String os, String arch, BooleanSupplier avx2,
                         boolean onednnJarPresent) {
        if (explicitExtension != null) {
            return new Choice(explicitExtension, "set by " + EXTENSION_PROPERTY);
        }
        if ("portable".equalsIgnoreCase(forced)) {
            return new Choice("", "forced by -Djackpot.native=portable");
        }
        if (!os.toLowerCase(Locale.ROOT).contains("linux") || !arch.matches("amd64|x86_64")) {
            return new Choice("", "no oneDNN build for " + os + "/" + arch);
        }
        if (!onednnJarPresent) {
            return new Choice("", "oneDNN build not on the classpath (built with -Djackpot.portable)");
        }
        if (!avx2.getAsBoolean()) {
            return new Choice("", "CPU without AVX2");
        }
        return new Choice(ONEDNN, "AVX2 CPU");
    }

    static boolean cpuHasAvx2() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return (" " + line + " ").contains(" avx2 ");
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unknown CPU: the portable build runs everywhere.
        }
        return false;
    }
}
