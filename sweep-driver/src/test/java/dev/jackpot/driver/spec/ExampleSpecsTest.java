package dev.jackpot.driver.spec;

import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.trial.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The example sweeps under conf/ stay valid as the code changes. */
class ExampleSpecsTest {
    /** Surefire runs in the module's folder; the examples are at the project's root. */
    private static final Path CONF = Path.of("..", "conf");

    @TempDir
    Path dir;

    @Test
    void resnetCifarExpandsToThePapersGridOnTheGivenFolder() {
        SweepSpec spec = SpecLoader.load(CONF.resolve("resnet-cifar.conf"),
                List.of("datasets.cifar10.path=\"" + dir.toString().replace("\\", "\\\\") + "\""));
        assertEquals(2 * 2 * 3, spec.trials().size(), "residual x lr x seed");
        for (TrialSpec t : spec.trials()) {
            assertEquals(new DatasetRef("cifar10", "cifar10", dir.toAbsolutePath().normalize().toString()), t.dataset());
            assertEquals("resnet20", t.architecture());
            assertEquals(160, t.epochs());
            assertEquals(11, t.rounds());
        }
    }

    @Test
    void resnetCifarNamesTheMissingFolderWhenNoneIsSet() {
        // A machine with CIFAR10_DIR set, or the data at the example's default path, makes the spec valid.
        assumeTrue(System.getenv("CIFAR10_DIR") == null && !Files.exists(Path.of("/data/cifar-10-batches-bin")));
        String msg = assertThrows(SpecException.class,
                () -> SpecLoader.load(CONF.resolve("resnet-cifar.conf"), List.of())).getMessage();
        assertEquals("datasets.cifar10.path = \"/data/cifar-10-batches-bin\": folder does not exist", msg);
    }

    @Test
    void quickSweepLoads() {
        assertFalse(SpecLoader.load(CONF.resolve("quick.conf"), List.of()).trials().isEmpty());
    }

    @Test
    void dataParallelSweepLoadsAsDataParallelTrials() {
        List<TrialSpec> trials = SpecLoader.load(CONF.resolve("data-parallel.conf"), List.of()).trials();
        assertEquals(2, trials.size());
        trials.forEach(t -> assertEquals(dev.jackpot.worker.trial.TrialMode.dataParallel(2), t.mode()));
    }
}
