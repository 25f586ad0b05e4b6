package dev.jackpot.driver.spec;

import dev.jackpot.worker.data.DatasetException;
import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.data.Datasets;
import dev.jackpot.worker.data.IdxFiles;
import dev.jackpot.worker.model.InputShape;
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
        Map<DatasetRef, InputShape> shapes = new LinkedHashMap<>();
        for (TrialSpec t : spec.trials()) {
            shapes.computeIfAbsent(t.dataset(), Preflight::shape);
        }
        PruningCapacity.check(spec.trials(), shapes::get, IdxFiles.NUM_CLASSES);
    }

    private static InputShape shape(DatasetRef ref) {
        try {
            Datasets.Shape s = Datasets.checkedShape(ref);
            return new InputShape(s.channels(), s.rows(), s.cols());
        } catch (DatasetException e) {
            String key = ref.isBundled() ? "bundled" : "datasets." + ref.name() + ".path = \"" + ref.path() + "\"";
            throw new SpecException("grid.dataset \"" + ref.name() + "\" (" + key + "): "
                    + e.getMessage().replaceAll("\\s*\\R\\s*", " "), e);
        }
    }
}
