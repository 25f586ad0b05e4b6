package dev.jackpot.driver.spec;

import dev.jackpot.worker.trial.TrialSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated sweep: what {@link SpecLoader} returns.
 *
 * @param name           the sweep's folder name under outputRoot
 * @param outputRoot     root directory of all sweeps' outputs
 * @param trials         the expanded grid, in {@link Grid}'s deterministic order
 * @param run            execution settings
 * @param analysis       how the report judges the results (the {@code analysis} block)
 * @param resolvedConfig the effective spec (defaults, file and overrides merged; without the {@code jackpot}
 *                       prefix) as formatted JSON (valid HOCON), to save next to the results; loading it
 *                       again with {@link SpecLoader#fromConfig} gives the same spec
 */
public record SweepSpec(
        String name,
        String outputRoot,
        List<TrialSpec> trials,
        RunSettings run,
        AnalysisSettings analysis,
        String resolvedConfig) {

    public SweepSpec {
        trials = List.copyOf(trials);
    }

    /** Where this sweep's results go: outputRoot/name. */
    public Path outputDir() {
        return Path.of(outputRoot).resolve(name);
    }
}
