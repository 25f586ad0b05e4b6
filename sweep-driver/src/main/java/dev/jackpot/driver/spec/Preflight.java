package dev.jackpot.driver.spec;

import dev.jackpot.worker.data.DatasetException;
import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.data.Datasets;
import dev.jackpot.worker.data.IdxFiles;
import dev.jackpot.worker.trial.TrialSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks of a loaded spec that read files: every dataset the grid uses is read and validated in full (the
 * worker's own reader: headers, sizes, label values, counts), then the pruning is checked against the networks'
 * layer sizes. Runs before any Spark work and writes nothing, so a bad dataset fails in seconds with the file
 * named, not as a failed trial hours later. Kept apart from {@link SpecLoader}, which reads the spec alone.
 */
public final class Preflight {
    private Preflight() {}

    /** @throws SpecException naming the dataset key and file, or the pruning key */
    public static void check(SweepSpec spec) {
        Map<DatasetRef, Integer> inputSizes = new LinkedHashMap<>();
        for (TrialSpec t : spec.trials()) {
            inputSizes.computeIfAbsent(t.dataset(), Preflight::inputSize);
        }
        PruningCapacity.check(spec.trials(), inputSizes::get, IdxFiles.NUM_CLASSES);
    }

    private static int inputSize(DatasetRef ref) {
        try {
            return Datasets.checkedInputSize(ref);
        } catch (DatasetException e) {
            String key = ref.isBundled() ? "bundled" : "datasets." + ref.name() + ".path = \"" + ref.path() + "\"";
            throw new SpecException("grid.dataset \"" + ref.name() + "\" (" + key + "): "
                    + e.getMessage().replaceAll("\\s*\\R\\s*", " "), e);
        }
    }
}
