package dev.jackpot.driver.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.jackpot.driver.spec.SpecFiles.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad spec fails at load time with a one-line message naming the key. */
class SpecValidationTest {
    @TempDir
    Path dir;

    private static void assertContains(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "'" + part + "' not in: " + message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    @Test
    void unknownKeyNamesTheKeyAndSuggestsTheNearest() {
        assertEquals("unknown key 'grid.lrs' (did you mean 'grid.lr'?)", error(dir, "grid.lrs = [0.1]"));
        assertContains(error(dir, "momentum = 0.5"), "'momentum'", "did you mean 'train.momentum'");
        assertContains(error(dir, "jackpot.grid.lr = 0.5"), "'jackpot.grid.lr'", "without the 'jackpot.' prefix");
        assertContains(error(dir, "completely-different = 1"), "unknown key 'completely-different'");
    }

    @Test
    void unknownDatasetFieldIsRefused() {
        assertContains(error(dir, "datasets.full { pth = \"/x\" }"),
                "'datasets.full.pth'", "did you mean 'datasets.full.path'");
        assertContains(error(dir, "datasets.full = \"/x\""), "datasets.full: expected an object");
    }

    @Test
    void negativeLrNamesTheKeyAndIndex() {
        assertEquals("grid.lr[1] = -0.1: must be > 0", error(dir, "grid.lr = [0.1, -0.1]"));
        assertEquals("grid.lr = -0.1: must be > 0", error(dir, "grid.lr = -0.1"));
    }

    @Test
    void rangesOfTheOtherSettings() {
        assertContains(error(dir, "grid.width = [0]"), "grid.width[0] = 0", "> 0");
        assertContains(error(dir, "grid.epochs = [0]"), "grid.epochs[0] = 0", ">= 1");
        assertContains(error(dir, "grid.seed = -1"), "grid.seed = -1", ">= 0");
        assertContains(error(dir, "train.momentum = 1"), "train.momentum = 1", "[0, 1)");
        assertContains(error(dir, "train.batch-size = 0"), "train.batch-size", ">= 1");
        assertContains(error(dir, "train.weight-decay = -1e-4"), "train.weight-decay", ">= 0");
        assertContains(error(dir, "train.lr-drops = [0.5, 1.5]"), "train.lr-drops[1] = 1.5", "(0, 1)");
        assertContains(error(dir, "train.lr-drop-factor = 0"), "train.lr-drop-factor", "(0, 1]");
        assertContains(error(dir, "prune.rate = 1"), "prune.rate", "(0, 1)");
        assertContains(error(dir, "prune.rounds = 0"), "prune.rounds", ">= 1");
        assertContains(error(dir, "prune.scope = everywhere"), "prune.scope", "global, layerwise");
        assertContains(error(dir, "prune.from = middle"), "prune.from", "best, final");
        assertContains(error(dir, "grid.pruning-method = [imp, gmp]"), "grid.pruning-method[1]", "imp, omp");
        assertContains(error(dir, "run.task-cpus = 0"), "run.task-cpus", ">= 1");
        assertContains(error(dir, "run.commit-every-seconds = 0"), "run.commit-every-seconds", ">= 1");
        assertContains(error(dir, "run.checkpoint-dir = \"../elsewhere\""), "run.checkpoint-dir", "'..'");
        assertContains(error(dir, "run.checkpoint-dir = \"a/../../b\""), "run.checkpoint-dir", "'..'");
        // Checkpoints are written: outside the output folder only as absolute outputs are, when allowed.
        assertContains(error(dir, "run.checkpoint-dir = \"/tmp/ckpt\""), "run.checkpoint-dir",
                "run.allow-absolute-paths = true");
        assertContains(error(dir, "run.checkpoint-dir = \"hdfs://nn/ckpt\""), "run.allow-absolute-paths = true");
    }

    @Test
    void wrongTypesNameTheKeyAndWhatWasGiven() {
        assertEquals("grid.epochs: expected a list of integers, got STRING \"ten\"", error(dir, "grid.epochs = ten"));
        assertEquals("grid.epochs[1]: expected an integer, got NUMBER 2.5", error(dir, "grid.epochs = [2, 2.5]"));
        assertContains(error(dir, "grid.residual = [maybe]"), "grid.residual[0]", "expected a boolean");
        assertContains(error(dir, "train.momentum = high"), "train.momentum", "expected a number", "\"high\"");
        assertContains(error(dir, "train.momentum = [0.9]"), "train.momentum", "expected a number", "LIST");
        assertContains(error(dir, "grid = 5"), "grid: expected an object");
        assertContains(error(dir, "train.momentum = null"), "train.momentum", "null");
    }

    @Test
    void emptyAxisIsRefused() {
        assertEquals("grid.width: empty axis; list at least one value", error(dir, "grid.width = []"));
    }

    @Test
    void duplicateAxisValuesAreRefused() {
        assertContains(error(dir, "grid.lr = [0.1, 0.01, 1e-1]"), "grid.lr", "listed twice");
        assertContains(error(dir, "grid.pruning-method = [imp, IMP]"), "grid.pruning-method", "listed twice");
    }

    @Test
    void sweepNameMayNotLeaveTheOutputFolder() {
        String allowed = "must match [A-Za-z0-9._-]+ and not be '.' or '..'";
        assertEquals("sweep.name = \"../x\": " + allowed, error(dir, "sweep.name = \"../x\""));
        assertEquals("sweep.name = \"a/b\": " + allowed, error(dir, "sweep.name = \"a/b\""));
        assertEquals("sweep.name = \"..\": " + allowed, error(dir, "sweep.name = \"..\""));
    }

    @Test
    void unknownArchitectureListsTheKnownOnes() {
        assertContains(error(dir, "grid.architecture = [lenet300, resnet21]"),
                "grid.architecture[1] = \"resnet21\"", "unknown architecture", "lenet300", "resmlp", "resnetD",
                "vgg16", "conv6");
    }

    @Test
    void unknownDatasetListsTheKnownOnes() {
        String data = dir.toString().replace("\\", "\\\\");
        assertEquals("grid.dataset = \"foo\": unknown dataset; known: fashion-mnist-subset, mine",
                error(dir, "datasets.mine.path = \"" + data + "\"\ngrid.dataset = foo"));
    }

    @Test
    void missingDatasetFolderIsRefused() {
        String nope = dir.resolve("nope").toString().replace("\\", "\\\\");
        assertEquals("datasets.full.path = \"" + nope + "\": folder does not exist",
                error(dir, "datasets.full { format = idx, path = \"" + nope + "\" }"));
        assertContains(error(dir, "datasets.full { format = csv, path = \"" + dir + "\" }"),
                "datasets.full.format", "must be one of idx, cifar10");
        assertContains(error(dir, "datasets.full { format = idx }"), "datasets.full.path", "missing");
        assertContains(error(dir, "datasets.fashion-mnist-subset.path = \"" + dir + "\""),
                "datasets.fashion-mnist-subset", "bundled");
    }

    @Test
    void ticketAndMetricSettingsAreChecked() {
        assertContains(error(dir, "ticket-settings.wr-rewind-fraction = 1"), "ticket-settings.wr-rewind-fraction = 1",
                "(0, 1)");
        assertContains(error(dir, "ticket-settings.rt-last-layer-keep = 0"), "ticket-settings.rt-last-layer-keep",
                "(0, 1]");
        assertContains(error(dir, "metrics.grad-norm-examples = 0"), "metrics.grad-norm-examples", ">= 1");
        assertContains(error(dir, "metrics.grad-norm-examples = 2.5"), "metrics.grad-norm-examples", "integer");
        assertEquals("unknown key 'ticket-settings.rewind-fraction' (did you mean 'ticket-settings.wr-rewind-fraction'?)",
                error(dir, "ticket-settings.rewind-fraction = 0.1"));
        assertContains(error(dir, "grad-norm-examples = 10"), "did you mean 'metrics.grad-norm-examples'");
    }

    @Test
    void weightRewindingNeedsTwoEpochs() {
        assertContains(error(dir, "tickets = [LT, WR]\ngrid.epochs = [3, 1]"), "grid.epochs[1] = 1", "WR", "T >= 2");
        assertEquals(2, SpecFiles.load(dir, "tickets = [LT, RR]\ngrid.epochs = [3, 1]").trials().size(),
                "one epoch is fine without WR");
    }

    @Test
    void unknownTicketKindIsRefused() {
        assertContains(error(dir, "tickets = [LT, XX]"), "tickets[1] = \"XX\"", "unknown ticket kind",
                "LT, RR, RP, SDT, WR, PF, RT, SM, SI");
        assertContains(error(dir, "tickets = [dense]"), "tickets[0]", "always runs");
        assertContains(error(dir, "tickets = []"), "tickets", "at least one");
        assertContains(error(dir, "tickets = [lt, LT]"), "tickets", "listed twice");
    }
}
