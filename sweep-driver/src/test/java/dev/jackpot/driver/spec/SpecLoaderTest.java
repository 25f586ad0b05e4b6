package dev.jackpot.driver.spec;

import dev.jackpot.worker.trial.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.jackpot.driver.spec.SpecFiles.error;
import static dev.jackpot.driver.spec.SpecFiles.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading and precedence: defaults <- file <- --set overrides. */
class SpecLoaderTest {
    @TempDir
    Path dir;

    @Test
    void overridesBeatTheFileWhichBeatsTheDefaults() {
        SweepSpec spec = load(dir, """
                sweep.name = from-file
                grid.lr = [0.01]
                train.momentum = 0.8
                """, "grid.lr=[0.2, 0.3]", "sweep.name=from-set");
        assertEquals("from-set", spec.name());
        assertEquals(Set.of(0.2, 0.3), spec.trials().stream().map(TrialSpec::lr).collect(Collectors.toSet()));
        assertTrue(spec.trials().stream().allMatch(t -> t.momentum() == 0.8), "file beats default");
        assertTrue(spec.trials().stream().allMatch(t -> t.batchSize() == 64), "default where nobody says");
        assertEquals(Path.of("results", "from-set").toAbsolutePath().toString(), spec.outputDir());
    }

    @Test
    void trialsAreSingleByDefaultAndDataParallelWithTheirWorkersWhenAsked() {
        SweepSpec single = load(dir, "");
        assertEquals(dev.jackpot.worker.trial.TrialMode.SINGLE, single.trials().get(0).mode());
        SweepSpec dp = load(dir, "trial { mode = data-parallel, data-parallel.workers = 4 }");
        assertEquals(dev.jackpot.worker.trial.TrialMode.dataParallel(4), dp.trials().get(0).mode());
        // The workers setting alone changes nothing (and no id) while the mode is single.
        assertEquals(single.trials().get(0).id(), load(dir, "trial.data-parallel.workers = 4").trials().get(0).id());
    }

    @Test
    void aLaterOverrideBeatsAnEarlierOne() {
        SweepSpec spec = load(dir, "", "grid.epochs=3", "grid.epochs=[4]");
        assertEquals(4, spec.trials().get(0).epochs());
    }

    @Test
    void overrideValuesThatAreNotHoconAreTakenVerbatim() {
        assertEquals("local[4]", load(dir, "", "run.master=local[4]").run().master());
        assertEquals("spark://host:7077", load(dir, "", "run.master=spark://host:7077").run().master());
        assertEquals(Path.of("out", "x", "sweep").toAbsolutePath().toString(),
                load(dir, "", "sweep.output=out//x").outputDir());
    }

    @Test
    void anOverrideWithoutEqualsIsRefused() {
        String msg = error(dir, "", "grid.lr");
        assertTrue(msg.contains("grid.lr") && msg.contains("key=value"), msg);
    }

    @Test
    void anOverrideOfAnUnknownKeyIsRefused() {
        String msg = error(dir, "", "train.momentun=0.5");
        assertTrue(msg.contains("'train.momentun'") && msg.contains("did you mean 'train.momentum'"), msg);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("conf/x.conf");
        String msg = assertThrows(SpecException.class, () -> SpecLoader.load(missing, List.of())).getMessage();
        assertEquals("spec file " + missing + " does not exist", msg);
    }

    @Test
    void aParseErrorNamesFileAndLine() throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "grid {\n  lr = [0.1\n  seed = 2\n}\n");
        String msg = assertThrows(SpecException.class, () -> SpecLoader.load(file, List.of())).getMessage();
        assertTrue(msg.startsWith(file + ": parse error at line 3: "), msg);
        assertTrue(!msg.contains("\n"), "one line");
    }

    @Test
    void anUnresolvedSubstitutionIsRefused() {
        String msg = error(dir, "grid.lr = ${nowhere}");
        assertTrue(msg.contains("nowhere"), msg);
    }

    @Test
    void substitutionsMaySeeTheDefaults() {
        SweepSpec spec = load(dir, "grid.seed = ${grid.seed} [2, 3]");
        assertEquals(Set.of(1L, 2L, 3L), spec.trials().stream().map(TrialSpec::seed).collect(Collectors.toSet()));
    }
}
