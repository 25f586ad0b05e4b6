package dev.jackpot.driver.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Bad input through the real command line ({@code sweep run}): exit status 2, exactly one line on stderr that
 * names the key or file and says what is allowed, and nothing written anywhere. Each case is one test.
 * Outputs go to {@code <tmp>/work/results/<name>}, {@code <tmp>/work} being the output root.
 */
class BadInputTest {
    @TempDir
    Path dir;
    Path work;

    @BeforeEach
    void outputRoot() throws IOException {
        work = Files.createDirectories(dir.resolve("work"));
    }

    /** Runs {@code sweep run} on {@code specText}; returns its one stderr line after checking the contract. */
    private String refused(String specText, String... extra) {
        Path spec = write(dir.resolve("bad.conf"), "run.output-root = \"" + work + "\"\n" + specText);
        String[] args = Stream.concat(Stream.of("run", spec.toString()), Arrays.stream(extra)).toArray(String[]::new);
        Map<String, String> before = snapshot(dir);
        String err = runCapturingStderr(2, args);
        assertEquals(before, snapshot(dir), "bad input must write nothing");
        assertEquals(1, err.lines().count(), "exactly one line: " + err);
        assertTrue(err.startsWith("sweep: "), err);
        return err;
    }

    static String runCapturingStderr(int expectedStatus, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.execute(args);
        } finally {
            System.setErr(original);
        }
        String text = err.toString(StandardCharsets.UTF_8).trim();
        assertEquals(expectedStatus, status, text);
        return text;
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }

    // ---- the spec itself

    @Test
    void unknownKeyIsNamedWithADidYouMean() {
        assertMentions(refused("grid.lrs = [0.1]\n"), "unknown key 'grid.lrs'", "did you mean 'grid.lr'");
    }

    @Test
    void wrongTypeNamesTheKeyAndTheExpectedType() {
        assertMentions(refused("grid.epochs = ten\n"), "grid.epochs", "expected a list of integers", "\"ten\"");
    }

    @Test
    void emptyAxisIsRefused() {
        assertMentions(refused("grid.width = []\n"), "grid.width", "empty axis", "at least one value");
    }

    @Test
    void learningRateMustBePositive() {
        assertMentions(refused("grid.lr = [0.1, 0]\n"), "grid.lr[1] = 0", "must be > 0");
    }

    @Test
    void epochsMustBePositive() {
        assertMentions(refused("grid.epochs = [0]\n"), "grid.epochs[0] = 0", ">= 1");
    }

    @Test
    void widthMustBePositive() {
        assertMentions(refused("grid.width = [-0.5]\n"), "grid.width[0] = -0.5", "> 0");
    }

    @Test
    void roundsThatLeaveALayerWithoutWeightsAreRefused() {
        // resmlp1 at width 0.1: block1 has 26 x 26 = 676 weights; round(676 * 0.8^r) >= 1 up to r = 32.
        assertMentions(refused("grid { architecture = [resmlp1], width = [0.1] }\nprune.rounds = 33\n"),
                "prune.rounds = 33", "resmlp1 at width 0.1", "block1 (676 prunable weights)", "at most 32 rounds");
    }

    @Test
    void excludingEveryLayerIsRefused() {
        assertMentions(refused("grid.architecture = [resmlp1]\nprune.exclude = [proj, block1, last-dense]\n"),
                "prune.exclude", "nothing to prune in resmlp1", "proj, block1, out");
    }

    @Test
    void aTrialModeThatDoesNotExist() {
        assertMentions(refused("trial.mode = distributed\n"), "trial.mode = \"distributed\"",
                "must be one of single, data-parallel");
    }

    @Test
    void moreDataParallelWorkersThanRowsInAMinibatch() {
        assertMentions(refused("trial { mode = data-parallel, data-parallel.workers = 65 }\n"),
                "trial.data-parallel.workers = 65", "[1, train.batch-size]");
    }

    @Test
    void unknownArchitectureListsTheKnownOnes() {
        assertMentions(refused("grid.architecture = [lenet300, vgg99]\n"),
                "grid.architecture[1] = \"vgg99\"", "unknown architecture", "lenet300", "resmlpN");
    }

    @Test
    void unknownTicketKindListsTheKnownOnes() {
        assertMentions(refused("tickets = [LT, XX]\n"), "tickets[1] = \"XX\"", "unknown ticket kind", "LT, RR, RP");
    }

    @Test
    void unknownDatasetListsTheKnownOnes() {
        assertMentions(refused("grid.dataset = [mnist]\n"), "grid.dataset", "unknown dataset",
                "known: fashion-mnist-subset");
    }

    @Test
    void sweepNameWithASlashIsRefused() {
        assertMentions(refused("sweep.name = \"a/b\"\n"), "sweep.name = \"a/b\"", "[A-Za-z0-9._-]+");
    }

    @Test
    void sweepNameDotDotIsRefused() {
        assertMentions(refused("sweep.name = \"..\"\n"), "sweep.name = \"..\"", "not be '.' or '..'");
    }

    @Test
    void anOverrideIsValidatedLikeTheFile() {
        assertMentions(refused("", "--set", "grid.epochs=[0]"), "grid.epochs[0] = 0", ">= 1");
    }

    @Test
    void aGridLargerThanTheLimitNeedsYes() {
        assertMentions(refused("grid.seed = [1, 2, 3]\nrun.max-trials = 2\n"), "3 trials", "run.max-trials = 2", "--yes");
    }

    @Test
    void aMissingSpecFileIsNamed() {
        Map<String, String> before = snapshot(dir);
        String err = runCapturingStderr(2, "run", dir.resolve("nope.conf").toString());
        assertMentions(err, "nope.conf", "does not exist");
        assertEquals(1, err.lines().count(), err);
        assertEquals(before, snapshot(dir));
    }

    // ---- datasets: read in full by the driver before any Spark work

    private String refusedDataset(Path folder) {
        return refused("datasets.mine.path = \"" + folder + "\"\ngrid.dataset = [mine]\n");
    }

    @Test
    void missingDatasetFolderIsNamed() {
        assertMentions(refusedDataset(dir.resolve("nope")), "datasets.mine.path", "nope", "folder does not exist");
    }

    @Test
    void missingDatasetFileIsNamed() throws IOException {
        Path data = IdxDataset.write(dir.resolve("data"), 20, 10);
        Files.delete(data.resolve(IdxDataset.TEST_LABELS));
        assertMentions(refusedDataset(data), "grid.dataset \"mine\"", IdxDataset.TEST_LABELS, "not found");
    }

    @Test
    void idxFileWithAWrongMagicNumberIsNamed() throws IOException {
        Path data = IdxDataset.write(dir.resolve("data"), 20, 10);
        // the labels file where the images should be: magic 0x801 instead of 0x803
        Files.write(data.resolve(IdxDataset.TRAIN_IMAGES), IdxDataset.labels(20, 0));
        assertMentions(refusedDataset(data), "datasets.mine.path", IdxDataset.TRAIN_IMAGES,
                "expected IDX magic 0x00000803", "found 0x00000801");
    }

    @Test
    void truncatedIdxFileIsNamed() throws IOException {
        Path data = IdxDataset.write(dir.resolve("data"), 20, 10);
        byte[] full = IdxDataset.images(10);
        Files.write(data.resolve(IdxDataset.TEST_IMAGES), Arrays.copyOf(full, full.length - 100));
        assertMentions(refusedDataset(data), IdxDataset.TEST_IMAGES, "truncated", "7856 bytes", "file has 7756");
    }

    @Test
    void labelsAndImagesOfDifferentCountsAreRefused() throws IOException {
        Path data = IdxDataset.write(dir.resolve("data"), 20, 10);
        Files.write(data.resolve(IdxDataset.TRAIN_LABELS), IdxDataset.labels(19, 0));
        assertMentions(refusedDataset(data), "train images and labels differ in count", "20 images, 19 labels");
    }

    @Test
    void labelsOutsideTheClassesAreRefused() throws IOException {
        Path data = IdxDataset.write(dir.resolve("data"), 20, 10);
        Files.write(data.resolve(IdxDataset.TRAIN_LABELS), IdxDataset.labels(20, 3)); // labels up to 12
        assertMentions(refusedDataset(data), IdxDataset.TRAIN_LABELS, "expected labels 0..9", "found 10");
    }

    @Test
    void idxHeaderWithANonPositiveDimensionIsRefused() throws IOException {
        Path data = IdxDataset.write(dir.resolve("data"), 20, 10);
        byte[] images = IdxDataset.images(10);
        ByteBuffer.wrap(images).putInt(8, 0); // 0 rows
        Files.write(data.resolve(IdxDataset.TEST_IMAGES), images);
        assertMentions(refusedDataset(data), IdxDataset.TEST_IMAGES, "positive IDX dimensions");
    }

    @Test
    void cifarFileOfTheWrongSizeIsNamed() throws IOException {
        Path data = Files.createDirectories(dir.resolve("cifar"));
        byte[] twoRecords = new byte[2 * 3073]; // label 0 and a black 32x32x3 image, twice
        for (String f : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin")) {
            Files.write(data.resolve(f), twoRecords);
        }
        Files.write(data.resolve("data_batch_3.bin"), Arrays.copyOf(twoRecords, twoRecords.length - 100));
        assertMentions(refused("datasets.c { format = cifar10, path = \"" + data + "\" }\n"
                        + "grid { dataset = [c], architecture = [resmlp1] }\n"),
                "grid.dataset \"c\"", "data_batch_3.bin", "expected a multiple of 3073 bytes", "found 6046");
    }

    // ---- the output folder

    @Test
    void outputPathThatCannotBeCreatedIsRefused() throws IOException {
        Files.writeString(work.resolve("results"), "a file where the output folder should be");
        assertMentions(refused(""), "sweep.output", "cannot write", "results is a file, not a folder");
    }

    @Test
    void outputFolderWithoutWritePermissionIsRefused() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path results = Files.createDirectories(work.resolve("results"));
        Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertMentions(refused(""), "sweep.output", "cannot write", "not writable");
        } finally {
            Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void outputFolderHoldingAnotherSchemaVersionIsRefused() throws IOException {
        Path sweep = Files.createDirectories(work.resolve("results/sweep/trials"));
        Files.writeString(sweep.resolveSibling("_schema_version"), "99\n");
        assertMentions(refused(""), "sweep.output", "results/sweep", "schema version 99",
                "this build reads and writes version " + dev.jackpot.driver.table.Tables.SCHEMA_VERSION);
    }

    @Test
    void outputThatLeavesTheOutputRootIsRefused() {
        assertMentions(refused("sweep.output = \"results/../../elsewhere\"\n"),
                "sweep.output = \"results/../../elsewhere\"", "leaves the output root " + work);
    }

    @Test
    void absoluteOutputNeedsPermission() {
        Path elsewhere = dir.resolve("elsewhere");
        assertMentions(refused("sweep.output = \"" + elsewhere + "\"\n"), "sweep.output", "an absolute path",
                "run.allow-absolute-paths = true");
        assertFalse(Files.exists(elsewhere));
    }

    // ---- helpers

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file and folder under {@code root} with its size and modification time. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.forEach(p -> {
                try {
                    files.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
