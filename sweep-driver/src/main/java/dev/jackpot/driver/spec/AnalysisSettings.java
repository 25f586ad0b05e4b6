package dev.jackpot.driver.spec;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code analysis} block of a spec: how {@code sweep report} judges tickets. Validated by
 * {@link AnalysisReader}; every key is documented in reference.conf. None of it changes a trial.
 *
 * @param gap                condition 2 and 3 margin ("clearly better"), accuracy points
 * @param similar            condition 4 and 5 tolerance ("matches") by dataset name, with a {@code default} entry
 * @param chance             accuracy a diverged run counts with, by dataset name, with a {@code default} entry
 * @param minSparsity        condition 1: the smallest sparsity that can be a ticket
 * @param fullBudgetEpochs   condition 1: epochs that count as the full budget; 0 = the largest in the sweep
 * @param minSeeds           fewer seeds than this make a condition unknown
 * @param accuracy           which accuracy of a run is compared
 * @param bootstrapResamples resamples of the correlation intervals
 * @param bootstrapSeed      seed of those resamples
 * @param maxCellCharts      per-cell charts are drawn for at most this many cells
 */
public record AnalysisSettings(
        double gap,
        Map<String, Double> similar,
        Map<String, Double> chance,
        double minSparsity,
        int fullBudgetEpochs,
        int minSeeds,
        Accuracy accuracy,
        int bootstrapResamples,
        long bootstrapSeed,
        int maxCellCharts) {

    /** The entry of {@link #similar} and {@link #chance} used for datasets they do not name. */
    public static final String DEFAULT = "default";

    /** Which of a run's accuracies the analysis compares. */
    public enum Accuracy {
        FINAL, BEST;

        /** The name as written in the spec and in the {@code analysis_params} table. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AnalysisSettings {
        similar = Map.copyOf(new TreeMap<>(similar));
        chance = Map.copyOf(new TreeMap<>(chance));
        if (!similar.containsKey(DEFAULT) || !chance.containsKey(DEFAULT)) {
            throw new IllegalArgumentException("similar and chance need a '" + DEFAULT + "' entry");
        }
    }

    /** The "matches" tolerance for {@code dataset}. */
    public double similarFor(String dataset) {
        return similar.getOrDefault(dataset, similar.get(DEFAULT));
    }

    /** The accuracy a diverged run of {@code dataset} counts with. */
    public double chanceFor(String dataset) {
        return chance.getOrDefault(dataset, chance.get(DEFAULT));
    }

    /** The defaults of reference.conf. */
    public static AnalysisSettings defaults() {
        return SpecLoader.loadAnalysis(null, java.util.List.of());
    }
}
