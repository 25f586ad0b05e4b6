package dev.jackpot.driver.table;

import dev.jackpot.worker.trial.TicketRow;
import dev.jackpot.worker.trial.TrialResult;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/** {@code tickets}: one row per (trial, kind, round); the dense run is kind DENSE at round 0. */
public final class TicketsTable {
    public static final String NAME = "tickets";

    public static final StructType SCHEMA = new StructType()
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
            .add("seconds", DataTypes.DoubleType, false);

    private TicketsTable() {}

    public static List<Row> rows(String sweep, TrialResult r) {
        String id = r.spec().id();
        return r.tickets().stream().map(t -> row(sweep, id, r.spec().lr(), t)).toList();
    }

    private static Row row(String sweep, String id, double lr, TicketRow t) {
        return RowFactory.create(sweep, id, t.kind().name(), t.round(), t.sparsityTarget(), t.sparsityAchieved(),
                t.aliveWeights(), t.prunableWeights(), Tables.finiteOrNull(t.finalAcc()),
                Tables.finiteOrNull(t.bestAcc()), t.bestEpoch(), Tables.finiteOrNull(t.finalLoss()),
                t.epochsTrained(), t.diverged(), lr, t.seconds());
    }
}
