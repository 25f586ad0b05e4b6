package dev.jackpot.driver.table;

import dev.jackpot.worker.metrics.RpValues;
import dev.jackpot.worker.model.Architectures;
import dev.jackpot.worker.trial.TicketKind;
import dev.jackpot.worker.trial.TicketRow;
import dev.jackpot.worker.trial.TicketSettings;
import dev.jackpot.worker.trial.TrialMemory;
import dev.jackpot.worker.trial.TrialResult;
import dev.jackpot.worker.trial.TrialSpec;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** {@code trials}: one row per (setting, seed), every hyperparameter its own column. Its file is the commit record. */
public final class TrialsTable {
    public static final String NAME = "trials";

    /**
     * Schema 2 adds the ticket settings ({@code wr_rewind_fraction}, {@code wr_rewind_epoch}: the t WR rewinds to,
     * null when WR is not run; {@code rt_last_layer_keep}, {@code grad_norm_examples}) and
     * {@code dense_rp_10 .. dense_rp_50}: R_p(θ0, θT) of the dense run over all prunable weights.
     * Schema 3 adds {@code mode}: how the trial's runs trained, {@code single} (on one executor, named in
     * {@code executor_id}) or {@code data-parallel} (across the cluster; {@code executor_id} is then
     * {@code data-parallel x N}, N the workers, and {@code host} the driver's).
     */
    public static final StructType SCHEMA = Tables.withRp(new StructType()
            .add("sweep", DataTypes.StringType, false)
            .add("trial_id", DataTypes.StringType, false)
            .add("architecture", DataTypes.StringType, false)
            .add("depth", DataTypes.IntegerType, false)
            .add("dataset", DataTypes.StringType, false)
            .add("dataset_path", DataTypes.StringType, false)
            .add("width", DataTypes.DoubleType, false)
            .add("residual", DataTypes.BooleanType, false)
            .add("lr", DataTypes.DoubleType, false)
            .add("epochs", DataTypes.IntegerType, false)
            .add("batch_size", DataTypes.IntegerType, false)
            .add("momentum", DataTypes.DoubleType, false)
            .add("weight_decay", DataTypes.DoubleType, false)
            .add("lr_drops", DataTypes.StringType, false)
            .add("lr_drop_factor", DataTypes.DoubleType, false)
            .add("seed", DataTypes.LongType, false)
            .add("pruning_method", DataTypes.StringType, false)
            .add("pruning_scope", DataTypes.StringType, false)
            .add("prune_rate", DataTypes.DoubleType, false)
            .add("rounds", DataTypes.IntegerType, false)
            .add("prune_from", DataTypes.StringType, false)
            .add("exclude_layers", DataTypes.StringType, false)
            .add("tickets", DataTypes.StringType, false)
            .add("wr_rewind_fraction", DataTypes.DoubleType, false)
            .add("wr_rewind_epoch", DataTypes.IntegerType, true)
            .add("rt_last_layer_keep", DataTypes.DoubleType, false)
            .add("grad_norm_examples", DataTypes.IntegerType, false)
            .add("mode", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, false)
            .add("attempts", DataTypes.IntegerType, false)
            .add("dense_final_acc", DataTypes.DoubleType, true)
            .add("dense_best_acc", DataTypes.DoubleType, true), "dense_rp_")
            .add("seconds", DataTypes.DoubleType, false)
            .add("threads", DataTypes.IntegerType, false)
            .add("heap_mb", DataTypes.LongType, true)
            .add("native_mb", DataTypes.LongType, true)
            .add("rss_mb", DataTypes.LongType, true)
            .add("backend", DataTypes.StringType, false)
            .add("host", DataTypes.StringType, false)
            .add("executor_id", DataTypes.StringType, false)
            .add("code_version", DataTypes.StringType, false)
            .add("schema_version", DataTypes.IntegerType, false)
            .add("finished_at", DataTypes.TimestampType, false);

    private TrialsTable() {}

    public static Row row(String sweep, FinishedTrial f, String codeVersion) {
        TrialResult r = f.result();
        TrialSpec s = r.spec();
        Double denseFinal = r.dense().map(TicketRow::finalAcc).filter(Double::isFinite).orElse(null);
        Double denseBest = r.dense().map(TicketRow::bestAcc).filter(Double::isFinite).orElse(null);
        TicketSettings ts = s.ticketSettings();
        // Null when WR does not run (or cannot: T < 2, which the spec refuses and the trial would fail on).
        Integer rewindEpoch = s.tickets().contains(TicketKind.WR) && s.epochs() >= 2 ? ts.rewindEpoch(s.epochs()) : null;
        List<Object> values = new ArrayList<>(List.of(sweep, s.id(), s.architecture(),
                Architectures.depth(s.architecture()), s.dataset().name(), s.dataset().path(), s.width(),
                s.residual(), s.lr(), s.epochs(), s.batchSize(), s.momentum(), s.weightDecay(), s.lrDrops().toString(),
                s.lrDropFactor(), s.seed(), lower(s.pruningMethod()), lower(s.pruningScope()), s.pruneRate(),
                s.rounds(), lower(s.pruneFrom()), String.join(",", s.excludeLayers()),
                String.join(",", s.tickets().stream().map(TicketKind::name).toList()), ts.rewindFraction()));
        values.add(rewindEpoch);
        values.addAll(List.of(ts.lastLayerKeep(), ts.gradNormExamples(), s.mode().label(), lower(r.status()), r.error(),
                f.attempts()));
        values.add(denseFinal);
        values.add(denseBest);
        values.addAll(Tables.rpValues(r.dense().map(TicketRow::rp).orElse(RpValues.UNDEFINED)));
        values.add(r.seconds());
        values.add(r.threads());
        TrialMemory m = r.memory();
        values.add(m.known() ? m.heapMb() : null);
        values.add(m.known() ? m.nativeMb() : null);
        values.add(m.known() ? m.rssMb() : null);
        values.addAll(List.of(r.backend(), r.host(), r.executorId(), codeVersion, Tables.SCHEMA_VERSION,
                Timestamp.from(r.finished())));
        return RowFactory.create(values.toArray());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
