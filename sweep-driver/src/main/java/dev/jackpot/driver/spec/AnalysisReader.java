package dev.jackpot.driver.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import dev.jackpot.driver.spec.SpecReader.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads and validates the {@code analysis} block (keys already checked by {@link KeyCheck}). */
final class AnalysisReader {
    static final String BLOCK = "analysis";
    /** Blocks whose keys are dataset names the user chooses, so KeyCheck accepts any name inside them. */
    static final String SIMILAR = BLOCK + ".similar";
    static final String CHANCE = BLOCK + ".chance";

    private AnalysisReader() {}

    static AnalysisSettings read(SpecReader r, Config merged) {
        double gap = r.scalar(BLOCK + ".gap", Kind.NUMBER).require(v -> v >= 0, "must be >= 0 (accuracy points)");
        Map<String, Double> similar = byDataset(r, merged, SIMILAR, v -> v >= 0, "must be >= 0 (accuracy points)");
        Map<String, Double> chance = byDataset(r, merged, CHANCE, v -> v >= 0 && v <= 100,
                "must be in [0, 100] (accuracy points)");
        double minSparsity = r.scalar(BLOCK + ".min-sparsity", Kind.NUMBER).require(v -> v >= 0 && v < 1, "must be in [0, 1)");
        int budget = r.scalar(BLOCK + ".full-budget-epochs", Kind.INT)
                .require(v -> v >= 0, "must be >= 0 (0 = the largest epochs in the sweep)");
        int minSeeds = r.scalar(BLOCK + ".min-seeds", Kind.INT).require(v -> v >= 1, "must be >= 1");
        AnalysisSettings.Accuracy accuracy = r.scalar(BLOCK + ".accuracy", Kind.STRING)
                .convert(AnalysisReader::accuracy, "must be one of final, best").value();
        int resamples = r.scalar(BLOCK + ".bootstrap.resamples", Kind.INT).require(v -> v >= 100, "must be >= 100");
        long seed = r.scalar(BLOCK + ".bootstrap.seed", Kind.LONG).require(v -> v >= 0, "must be >= 0");
        int maxCells = r.scalar(BLOCK + ".max-cell-charts", Kind.INT).require(v -> v >= 1, "must be >= 1");
        return new AnalysisSettings(gap, similar, chance, minSparsity, budget, minSeeds, accuracy, resamples, seed,
                maxCells);
    }

    private static Map<String, Double> byDataset(SpecReader r, Config merged, String block, Predicate<Double> ok,
                                                 String problem) {
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            for (String name : merged.getObject(block).keySet()) {
                List<String> key = new ArrayList<>(ConfigUtil.splitPath(block));
                key.add(name);
                values.put(name, r.scalar(ConfigUtil.joinPath(key), Kind.NUMBER).require(ok, problem));
            }
        } catch (ConfigException e) { // null; other wrong types were refused by KeyCheck
            throw new SpecException(block + ": expected an object of dataset names, e.g. { default = 0.5, cifar100 = 1.0 }");
        }
        if (!values.containsKey(AnalysisSettings.DEFAULT)) {
            throw new SpecException(block + "." + AnalysisSettings.DEFAULT + ": missing; it applies to datasets not named");
        }
        return values;
    }

    private static AnalysisSettings.Accuracy accuracy(String s) {
        for (AnalysisSettings.Accuracy a : AnalysisSettings.Accuracy.values()) {
            if (a.key().equalsIgnoreCase(s.trim())) return a;
        }
        return null;
    }
}
