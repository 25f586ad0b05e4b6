package dev.jackpot.driver.table;

import dev.jackpot.worker.trial.LayerRow;
import dev.jackpot.worker.trial.TrialResult;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code layers}: one row per (trial, kind, round, prunable layer): the layer's size, alive weights and sparsity
 * under the run's mask, and its own R_p(start ⊙ m, end ⊙ m). Summing shared counts over layers gives the tickets
 * table's overall R_p, not averaging these rows (see WeightCorrelation).
 */
public final class LayersTable {
    public static final String NAME = "layers";

    public static final StructType SCHEMA = Tables.withRp(new StructType()
            .add("sweep", DataTypes.StringType, false)
            .add("trial_id", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("round", DataTypes.IntegerType, false)
            .add("layer", DataTypes.StringType, false)
            .add("layer_index", DataTypes.IntegerType, false)
            .add("size", DataTypes.LongType, false)
            .add("alive", DataTypes.LongType, false)
            .add("sparsity", DataTypes.DoubleType, false), "rp_");

    private LayersTable() {}

    public static List<Row> rows(String sweep, TrialResult r) {
        String id = r.spec().id();
        return r.layers().stream().map(l -> row(sweep, id, l)).toList();
    }

    private static Row row(String sweep, String id, LayerRow l) {
        List<Object> values = new ArrayList<>(List.of(sweep, id, l.kind().name(), l.round(), l.layer(),
                l.layerIndex(), l.size(), l.alive(), l.sparsity()));
        values.addAll(Tables.rpValues(l.rp()));
        return RowFactory.create(values.toArray());
    }
}
