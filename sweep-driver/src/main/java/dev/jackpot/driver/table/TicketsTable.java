package dev.jackpot.driver.table;

import dev.jackpot.worker.trial.TicketRow;
import dev.jackpot.worker.trial.TrialResult;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code tickets}: one row per (trial, kind, round); the dense run is kind DENSE at round 0.
 *
 * <p>Schema 2 adds: {@code net_width} (the width multiplier the run trained: the trial's, reduced for SDT);
 * {@code rp_10 .. rp_50} (R_p(start ⊙ m, end ⊙ m) over the alive prunable weights, R_p(θ0, θT) for DENSE);
 * {@code grad_norm_init} (‖∇L ⊙ m‖₂ at the start, see GradientNorm); {@code l2_distance} and
 * {@code cosine_distance} between the start and final prunable weights under the mask (see WeightMetrics).
 * For SDT, {@code alive_weights} is its own network's prunable weights and {@code prunable_weights} the trial
 * network's, so {@code sparsity_achieved} is the sparsity its size stands for.
 *
 * <p>Schema 3 adds {@code pruned_nonzero}: prunable weights outside the run's mask that are not exactly zero at its
 * end; 0 unless mask enforcement failed (single or data-parallel training alike).
 */
public final class TicketsTable {
    public static final String NAME = "tickets";

    public static final StructType SCHEMA = Tables.withRp(new StructType()
            .add("sweep", DataTypes.StringType, false)
            .add("trial_id", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("round", DataTypes.IntegerType, false)
            .add("sparsity_target", DataTypes.DoubleType, false)
            .add("sparsity_achieved", DataTypes.DoubleType, false)
            .add("alive_weights", DataTypes.LongType, false)
            .add("prunable_weights", DataTypes.LongType, false)
            .add("final_acc", DataTypes.DoubleType, true)
            .add("best_acc", DataTypes.DoubleType, true)
            .add("best_epoch", DataTypes.IntegerType, false)
            .add("final_loss", DataTypes.DoubleType, true)
            .add("epochs_trained", DataTypes.IntegerType, false)
            .add("diverged", DataTypes.BooleanType, false)
            .add("lr", DataTypes.DoubleType, false)
            .add("seconds", DataTypes.DoubleType, false)
            .add("net_width", DataTypes.DoubleType, false), "rp_")
            .add("grad_norm_init", DataTypes.DoubleType, true)
            .add("l2_distance", DataTypes.DoubleType, true)
            .add("cosine_distance", DataTypes.DoubleType, true)
            .add("pruned_nonzero", DataTypes.LongType, false);

    private TicketsTable() {}

    public static List<Row> rows(String sweep, TrialResult r) {
        String id = r.spec().id();
        return r.tickets().stream().map(t -> row(sweep, id, r.spec().lr(), t)).toList();
    }

    private static Row row(String sweep, String id, double lr, TicketRow t) {
        List<Object> values = new ArrayList<>(List.of(sweep, id, t.kind().name(), t.round(), t.sparsityTarget(),
                t.sparsityAchieved(), t.aliveWeights(), t.prunableWeights()));
        values.add(Tables.finiteOrNull(t.finalAcc()));
        values.add(Tables.finiteOrNull(t.bestAcc()));
        values.add(t.bestEpoch());
        values.add(Tables.finiteOrNull(t.finalLoss()));
        values.addAll(List.of(t.epochsTrained(), t.diverged(), lr, t.seconds(), t.netWidth()));
        values.addAll(Tables.rpValues(t.rp()));
        values.add(Tables.finiteOrNull(t.gradNormInit()));
        values.add(Tables.finiteOrNull(t.l2Distance()));
        values.add(Tables.finiteOrNull(t.cosineDistance()));
        values.add(t.prunedNonzero());
        return RowFactory.create(values.toArray());
    }
}
