package dev.jackpot.driver.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads a sweep folder's tables in the test JVM. */
final class Results {
    private Results() {}

    static SparkSession spark() {
        return SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    /**
     * Stops the session {@link #spark()} made: every test class that reads tables calls this when done, since the
     * CLI's own sessions must be built fresh (with their own spark.task.cpus), not found already running.
     */
    static void stop() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    static Dataset<Row> table(Path sweepDir, String table) {
        return spark().read().parquet(sweepDir.resolve(table).toString());
    }

    /** Names of the files in a folder (none if it does not exist). */
    static List<String> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> batchFiles(Path sweepDir, String table) {
        return files(sweepDir.resolve(table)).stream().filter(f -> f.startsWith("batch-") && f.endsWith(".parquet")).toList();
    }
}
