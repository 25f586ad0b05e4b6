package dev.jackpot.driver.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jackpot.driver.spec.SpecFiles.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analysis block: defaults per dataset, validation at sweep load, and how a report reads a sweep's settings. */
class AnalysisSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsFollowTheSpecPerDataset() {
        AnalysisSettings s = AnalysisSettings.defaults();
        assertEquals(0.5, s.gap());
        assertEquals(0.5, s.similarFor("fashion-mnist-subset"));
        assertEquals(0.5, s.similarFor("mnist"));
        assertEquals(0.5, s.similarFor("cifar10"));
        assertEquals(1.0, s.similarFor("cifar100"));
        assertEquals(1.0, s.similarFor("tiny-imagenet"));
        assertEquals(1.5, s.similarFor("imagenet"));
        assertEquals(0.5, s.similarFor("my-own-data"));
        assertEquals(10.0, s.chanceFor("fashion-mnist"));
        assertEquals(1.0, s.chanceFor("cifar100"));
        assertEquals(0.59, s.minSparsity());
        assertEquals(0, s.fullBudgetEpochs());
        assertEquals(2, s.minSeeds());
        assertEquals(AnalysisSettings.Accuracy.FINAL, s.accuracy());
        assertEquals(2000, s.bootstrapResamples());
    }

    @Test
    void aSweepSpecCarriesItsAnalysisSettingsIncludingNewDatasets() {
        SweepSpec spec = SpecFiles.load(dir, "analysis { gap = 1.0, similar.my-data = 2.0 }");
        assertEquals(1.0, spec.analysis().gap());
        assertEquals(2.0, spec.analysis().similarFor("my-data"));
        assertTrue(spec.resolvedConfig().contains("\"my-data\""), "saved with the sweep");
    }

    @Test
    void badAnalysisSettingsStopTheSweepBeforeItRuns() {
        assertEquals("unknown key 'analysis.gpa' (did you mean 'analysis.gap'?)", error(dir, "analysis.gpa = 1"));
        assertEquals("analysis.gap = -1: must be >= 0 (accuracy points)", error(dir, "analysis.gap = -1"));
        assertEquals("analysis.similar.cifar10 = -0.5: must be >= 0 (accuracy points)",
                error(dir, "analysis.similar.cifar10 = -0.5"));
        assertTrue(error(dir, "analysis.chance.x = 120").contains("[0, 100]"));
        assertTrue(error(dir, "analysis.min-sparsity = 1").contains("[0, 1)"));
        assertTrue(error(dir, "analysis.min-seeds = 0").contains(">= 1"));
        assertTrue(error(dir, "analysis.accuracy = median").contains("final, best"));
        assertTrue(error(dir, "analysis.bootstrap.resamples = 10").contains(">= 100"));
        assertTrue(error(dir, "analysis.similar = 0.5").contains("expected an object"));
    }

    @Test
    void aReportReadsTheSavedSweepThenItsOverrides() throws IOException {
        Path saved = dir.resolve("sweep.conf");
        // As a run saves it: JSON, with the dataset paths of the machine that ran it (not checked again here).
        Files.writeString(saved, "{ \"datasets\": { \"x\": { \"path\": \"/gone\" } },"
                + " \"analysis\": { \"gap\": 2.0, \"similar\": { \"x\": 1.5 } } }");
        AnalysisSettings s = SpecLoader.loadAnalysis(saved, List.of("analysis.min-seeds=3"));
        assertEquals(2.0, s.gap());
        assertEquals(1.5, s.similarFor("x"));
        assertEquals(0.5, s.similarFor("cifar10"), "the other defaults stay");
        assertEquals(3, s.minSeeds());
        assertEquals(4.0, SpecLoader.loadAnalysis(saved, List.of("analysis.gap=4")).gap(), "--set wins");
        // A sweep from before the analysis block, or no sweep.conf at all: the defaults.
        Files.writeString(saved, "{ \"sweep\": { \"name\": \"old\" } }");
        assertEquals(0.5, SpecLoader.loadAnalysis(saved, List.of()).gap());
        assertEquals(0.5, SpecLoader.loadAnalysis(dir.resolve("missing.conf"), List.of()).gap());
    }

    @Test
    void aReportTakesOnlyAnalysisOverrides() {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.loadAnalysis(null, List.of("grid.lr=[0.1]")));
        assertTrue(e.getMessage().contains("only takes analysis.* settings"), e.getMessage());
    }
}
