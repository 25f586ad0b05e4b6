package dev.jackpot.driver.table;

import dev.jackpot.worker.trial.EpochRow;
import dev.jackpot.worker.trial.TrialResult;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/** {@code epochs}: one row per (trial, kind, round, epoch): the training curves. */
public final class EpochsTable {
    public static final String NAME = "epochs";

    public static final StructType SCHEMA = new StructType()
            .add("sweep", DataTypes.StringType, false)
            .add("trial_id", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("round", DataTypes.IntegerType, false)
            .add("epoch", DataTypes.IntegerType, false)
            .add("lr", DataTypes.DoubleType, false)
            .add("train_loss", DataTypes.DoubleType, true)
            .add("test_loss", DataTypes.DoubleType, true)
            .add("test_acc", DataTypes.DoubleType, true);

    private EpochsTable() {}

    public static List<Row> rows(String sweep, TrialResult r) {
        String id = r.spec().id();
        return r.epochs().stream().map(e -> row(sweep, id, e)).toList();
    }

    private static Row row(String sweep, String id, EpochRow e) {
        return RowFactory.create(sweep, id, e.kind().name(), e.round(), e.epoch(), e.lr(),
                Tables.finiteOrNull(e.trainLoss()), Tables.finiteOrNull(e.testLoss()),
                Tables.finiteOrNull(e.testAcc()));
    }
}
