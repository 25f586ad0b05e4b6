package dev.jackpot.driver.cli;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3's end-to-end check: resnet8 with residual on and off, two learning rates and every ticket kind, through
 * {@code sweep run} in {@code local[2]}, on a 256-image IDX dataset cut from the bundled subset (a user's own
 * dataset folder, declared under {@code datasets}). Every table gets exactly the rows the grid implies.
 */
class ConvEndToEndTest {
    private static final int TRAIN = 256;
    private static final int TEST = 64;

    @TempDir
    Path dir;

    @Test
    void resnetGridWithEveryTicketKindFillsEveryTable() throws IOException {
        Path data = dir.resolve("tiny-fmnist");
        Files.createDirectories(data);
        cut("train-images-idx3-ubyte", 16, 784, TRAIN, data);
        cut("train-labels-idx1-ubyte", 8, 1, TRAIN, data);
        cut("t10k-images-idx3-ubyte", 16, 784, TEST, data);
        cut("t10k-labels-idx1-ubyte", 8, 1, TEST, data);
        Path out = dir.resolve("results");
        Path spec = dir.resolve("conv.conf");
        Files.writeString(spec, """
                sweep { name = conv, output = "%s" }
                run.allow-absolute-paths = true
                datasets { tiny { path = "%s" } }
                grid {
                  architecture = [resnet8]
                  dataset = [tiny]
                  width = [0.25]
                  residual = [true, false]
                  lr = [0.01, 0.1]
                  epochs = [2]
                  seed = [1]
                }
                train.batch-size = 64
                prune.rounds = 1
                tickets = [LT, RR, RP, SDT, WR, PF, RT, SM, SI]
                metrics.grad-norm-examples = 64
                """.formatted(path(out), path(data)));
        assertEquals(0, Main.execute("run", spec.toString(), "--master", "local[2]", "--no-summary", "--no-report"));

        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .getOrCreate();
        Path sweep = out.resolve("conv");
        int trials = 4;                 // residual on/off x 2 learning rates
        int runs = 1 + 9;               // dense + one round of 9 kinds
        assertEquals(trials, spark.read().parquet(sweep.resolve("trials").toString()).count());
        assertEquals(trials, spark.read().parquet(sweep.resolve("trials").toString())
                .where("status = 'ok' AND architecture = 'resnet8'").count());
        assertEquals(trials * runs, spark.read().parquet(sweep.resolve("tickets").toString()).count());
        // Every run trains 2 epochs except WR, which rewinds to epoch 1 and trains the last one.
        assertEquals(trials * ((runs - 1) * 2 + 1), spark.read().parquet(sweep.resolve("epochs").toString()).count());
        // resnet8 with residual on has 9 convolutions (stem, 3 blocks of 2, 2 projection shortcuts) and a classifier;
        // the stem and the classifier are excluded by default, leaving 8 prunable layers. SDT has its own layers.
        long layersOn = spark.read().parquet(sweep.resolve("layers").toString())
                .where("trial_id IN (SELECT trial_id FROM parquet.`" + sweep.resolve("trials") + "` WHERE residual)")
                .where("kind <> 'SDT'").count();
        assertEquals(2 * 9 * 8, layersOn, "layers rows for residual trials (2 trials x 9 runs x 8 layers)");
        long layersOff = spark.read().parquet(sweep.resolve("layers").toString())
                .where("trial_id IN (SELECT trial_id FROM parquet.`" + sweep.resolve("trials") + "` WHERE NOT residual)")
                .where("kind <> 'SDT'").count();
        assertEquals(2 * 9 * 6, layersOff, "without residual connections there are no projection shortcuts");
        long offExact = spark.read().parquet(sweep.resolve("tickets").toString())
                .where("kind NOT IN ('DENSE', 'SDT') AND alive_weights <> ROUND(prunable_weights * 0.8)").count();
        assertEquals(0, offExact, "every pruned ticket keeps exactly 80% of the prunable weights");
        assertTrue(spark.read().parquet(sweep.resolve("tickets").toString()).where("rp_10 IS NULL").count() == 0,
                "R_p recorded for every run");
    }

    /** Copies the header (with the count rewritten) and the first {@code n} records of a bundled IDX file. */
    private static void cut(String name, int header, int recordBytes, int n, Path folder) throws IOException {
        try (InputStream gz = ConvEndToEndTest.class.getResourceAsStream(
                "/datasets/fashion-mnist-subset/" + name + ".gz");
             DataInputStream in = new DataInputStream(new GZIPInputStream(gz))) {
            byte[] head = new byte[header];
            in.readFully(head);
            ByteBuffer.wrap(head).putInt(4, n);
            byte[] body = new byte[n * recordBytes];
            in.readFully(body);
            byte[] file = new byte[header + body.length];
            System.arraycopy(head, 0, file, 0, header);
            System.arraycopy(body, 0, file, header, body.length);
            Files.write(folder.resolve(name), file);
        }
    }

    private static String path(Path p) {
        return p.toString().replace("\\", "/");
    }
}
