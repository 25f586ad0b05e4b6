package dev.jackpot.driver.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the driver as its own JVM, the way bin/sweep does: java from this JVM's java.home, this test's class
 * path, the Spark options of the parent pom (spark.jvm.options, passed in by surefire as
 * jackpot.spark-jvm-options, as failsafe does for the cluster test) and
 * {@code dev.jackpot.driver.cli.Main}. Its stdout and stderr go to a log file.
 */
final class DriverProcess {
    private DriverProcess() {}

    static Process start(Path workDir, Path log, int ompThreads, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(sparkJvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // OpenMP reads its thread count once, when the native library loads: it must be in the environment.
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(ompThreads));
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(ompThreads));
        return pb.start();
    }

    /** Runs a driver to its end; asserts it exits with status 0 within the timeout. */
    static void runToEnd(Path workDir, Path log, int ompThreads, String... args) throws Exception {
        Process p = start(workDir, log, ompThreads, args);
        boolean ended = p.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "driver did not finish; log " + log);
        assertEquals(0, p.exitValue(), "driver failed; log " + log);
    }

    /** From the pom; when a test runs outside Maven, the options this JVM was started with. */
    private static List<String> sparkJvmOptions() {
        String options = System.getProperty("jackpot.spark-jvm-options", "").trim();
        if (!options.isEmpty()) {
            return List.of(options.split("\\s+"));
        }
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect"))
                .toList();
    }
}
