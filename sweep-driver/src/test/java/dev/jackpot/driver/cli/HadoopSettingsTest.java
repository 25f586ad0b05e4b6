package dev.jackpot.driver.cli;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark's {@code spark.hadoop.*} settings reach the worker's own file access (datasets, checkpoints), as they reach
 * Spark's readers: here a file system scheme that exists only through {@code spark.hadoop.fs.jtest.impl} (standing
 * in for s3a credentials or HDFS client settings given to spark-submit with --conf).
 */
class HadoopSettingsTest {
    private static final String IMPL = "spark.hadoop.fs.jtest.impl";

    @TempDir
    Path dir;

    /** The local file system under another scheme: reachable only if the setting arrived. */
    public static final class AliasFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("jtest:///");
        }

        @Override
        public String getScheme() {
            return "jtest";
        }
    }

    @AfterEach
    void clear() throws IOException {
        System.clearProperty(IMPL);
        // Hadoop caches a file system per scheme for the JVM: without this the other test would find jtest cached.
        FileSystem.closeAll();
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private Path spec() throws IOException {
        Path data = IdxDataset.write(dir.resolve("data"), 256, 64);
        Path spec = dir.resolve("jtest.conf");
        Files.writeString(spec, """
                run.output-root = "%s"
                sweep { name = jtest, output = results }
                datasets.alias { format = idx, path = "jtest://%s" }
                grid { architecture = [lenet300], width = [0.05], dataset = [alias], epochs = [1] }
                prune.rounds = 1
                tickets = [LT]
                metrics.grad-norm-examples = 32
                """.formatted(dir.resolve("out").toString().replace("\\", "/"), data.toAbsolutePath()));
        return spec;
    }

    @Test
    void withoutTheSettingTheSchemeIsUnknownAndTheRunRefusesTheDataset() throws IOException {
        String err = BadInputTest.runCapturingStderr(2, "plan", spec().toString());
        assertTrue(err.contains("datasets.alias.path") && err.contains("jtest"), err);
    }

    @Test
    void aSparkHadoopSettingReachesTheDriversChecksAndTheTrials() throws IOException {
        // What spark-submit --conf spark.hadoop.fs.jtest.impl=... does: a system property SparkConf reads.
        System.setProperty(IMPL, AliasFileSystem.class.getName());
        Path spec = spec();
        BadInputTest.runCapturingStderr(0, "plan", spec.toString());
        String err = BadInputTest.runCapturingStderr(0, "run", spec.toString(), "--master", "local[1]",
                "--no-summary", "--no-report");
        assertTrue(err.contains("0 failed"), err);
        long ok = SparkSession.builder().master("local[1]").getOrCreate().read()
                .parquet(dir.resolve("out/results/jtest/trials").toString()).where("status = 'ok'").count();
        assertEquals(1, ok, err);
    }
}
