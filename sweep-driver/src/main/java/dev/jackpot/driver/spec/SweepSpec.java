package dev.jackpot.driver.spec;

import dev.jackpot.worker.trial.TrialSpec;

import java.util.List;

/**
 * A validated sweep: what {@link SpecLoader} returns.
 *
 * @param name           the sweep's name, its folder under sweep.output
 * @param outputDir      where its tables go: sweep.output/name resolved against the output root (see
 *                       {@link OutputLocation}); an absolute normalised local path or a remote URI
 * @param trials         the expanded grid, in {@link Grid}'s deterministic order
 * @param run            execution settings
 * @param analysis       how the report judges the results (the {@code analysis} block)
 * @param resolvedConfig the effective spec (defaults, file and overrides merged; without the {@code jackpot}
 *                       prefix) as formatted JSON (valid HOCON), to save next to the results; loading it
 *                       again with {@link SpecLoader#fromConfig} in the same working directory gives the same spec
 */
public record SweepSpec(
        String name,
        String outputDir,
        List<TrialSpec> trials,
        RunSettings run,
        AnalysisSettings analysis,
        String resolvedConfig) {

    public SweepSpec {
        trials = List.copyOf(trials);
    }
}
