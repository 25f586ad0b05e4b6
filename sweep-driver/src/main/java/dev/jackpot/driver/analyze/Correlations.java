package dev.jackpot.driver.analyze;

import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code correlations} table: Pearson and Spearman correlation, with cluster-bootstrap 95% intervals
 * ({@link Bootstrap}), between each factor and each outcome, at two levels of observation:
 * <ul>
 *   <li>{@code trial}: every trial and pruning round (view trial_outcomes), clustered by trial. Factors log10 lr,
 *       epochs, width, residual (0/1), depth, sparsity and dataset; outcomes A_LT - A_RR, A_LT - A_DENSE (paired
 *       within the trial) and the LT's R_p for p = 0.1 .. 0.5.</li>
 *   <li>{@code cell}: every cell (view cell_outcomes), whose verdicts are taken across learning rates, so lr is
 *       no factor there. Outcomes winning sparsity (0 when none), has a winner, has a jackpot.</li>
 * </ul>
 * Dataset is a category: with more than one it enters as one 0/1 factor per dataset ({@code dataset=name}).
 * Rows are written for every pair even when nothing can be computed; {@code note} then says why (not measured,
 * one value only, too few observations), and the numbers are NULL.
 */
public final class Correlations {
    public static final String NAME = "correlations";
    static final int MIN_OBSERVATIONS = 3;

    public static final StructType SCHEMA = new StructType()
            .add("level", DataTypes.StringType, false)
            .add("outcome", DataTypes.StringType, false)
            .add("factor", DataTypes.StringType, false)
            .add("n", DataTypes.IntegerType, false)
            .add("clusters", DataTypes.IntegerType, false)
            .add("pearson", DataTypes.DoubleType, true)
            .add("pearson_lo", DataTypes.DoubleType, true)
            .add("pearson_hi", DataTypes.DoubleType, true)
            .add("spearman", DataTypes.DoubleType, true)
            .add("spearman_lo", DataTypes.DoubleType, true)
            .add("spearman_hi", DataTypes.DoubleType, true)
            .add("resamples", DataTypes.IntegerType, false)
            .add("valid_resamples", DataTypes.IntegerType, false)
            .add("seed", DataTypes.LongType, false)
            .add("clear", DataTypes.BooleanType, false)
            .add("note", DataTypes.StringType, false)
            .add("guideline", DataTypes.StringType, false);

    /** A factor: its name in the table, how a person reads "higher", and its value in a row. */
    record Factor(String name, String higher, Function<Row, Double> value) {}

    /** An outcome: its column and its name in sentences. */
    record Outcome(String column, String label) {}

    static final List<Outcome> TRIAL_OUTCOMES = List.of(
            new Outcome("lt_rr_gap", "LT - RR gap"), new Outcome("lt_dense_gap", "LT - dense gap"),
            new Outcome("lt_rp_10", "R_0.1 of the LT"), new Outcome("lt_rp_20", "R_0.2 of the LT"),
            new Outcome("lt_rp_30", "R_0.3 of the LT"), new Outcome("lt_rp_40", "R_0.4 of the LT"),
            new Outcome("lt_rp_50", "R_0.5 of the LT"));
    static final List<Outcome> CELL_OUTCOMES = List.of(
            new Outcome("winning_sparsity", "winning sparsity"), new Outcome("has_winner", "chance of a winner"),
            new Outcome("has_jackpot", "chance of a jackpot"));

    private Correlations() {}

    /** Computes every row from the registered analysis views. */
    public static List<Row> compute(SparkSession spark, AnalysisSettings settings) {
        List<Row> trials = spark.sql("SELECT * FROM trial_outcomes ORDER BY trial_id, round").collectAsList();
        List<Row> cells = spark.sql("SELECT * FROM cell_outcomes ORDER BY architecture, width, residual, dataset,"
                + " epochs, pruning_method").collectAsList();
        List<Row> out = new ArrayList<>();
        List<Factor> trialFactors = new ArrayList<>(List.of(
                number("log10_lr", "higher learning rate"), number("epochs", "more epochs"),
                number("width", "wider network"), flag("residual", "residual connections on"),
                number("depth", "deeper network"), number("sparsity", "higher sparsity")));
        List<Factor> cellFactors = new ArrayList<>(List.of(
                number("epochs", "more epochs"), number("width", "wider network"),
                flag("residual", "residual connections on"), number("depth", "deeper network")));
        List<Factor> datasets = datasets(trials);
        trialFactors.addAll(datasets);
        cellFactors.addAll(datasets);
        for (Outcome o : TRIAL_OUTCOMES) {
            for (Factor f : trialFactors) out.add(row("trial", o, f, trials, r -> r.<String>getAs("trial_id"), settings));
        }
        for (Outcome o : CELL_OUTCOMES) {
            for (Factor f : cellFactors) out.add(row("cell", o, f, cells, Correlations::cellKey, settings));
        }
        return out;
    }

    private static Row row(String level, Outcome o, Factor f, List<Row> rows, Function<Row, String> cluster,
                           AnalysisSettings s) {
        List<Row> observed = rows.stream().filter(r -> !r.isNullAt(r.fieldIndex(o.column()))).toList();
        int n = observed.size();
        double[] x = observed.stream().mapToDouble(r -> f.value().apply(r)).toArray();
        double[] y = observed.stream().mapToDouble(r -> ((Number) r.getAs(o.column())).doubleValue()).toArray();
        List<String> clusters = observed.stream().map(cluster).toList();
        long seed = s.bootstrapSeed() * 1_000_003L + (level + "|" + o.column() + "|" + f.name()).hashCode();
        String note = f.name().equals("dataset") ? "one dataset in this sweep"
                : n == 0 ? notMeasured(o)
                : n < MIN_OBSERVATIONS ? "fewer than " + MIN_OBSERVATIONS + " observations"
                : distinct(x) < 2 ? f.name() + " has one value in this sweep"
                : distinct(y) < 2 ? o.column() + " does not vary"
                : "";
        if (!note.isEmpty()) {
            return schemaRow(level, o.column(), f.name(), n, (int) clusters.stream().distinct().count(), null,
                    null, null, null, null, null, s.bootstrapResamples(), 0, seed, false, note, note);
        }
        Bootstrap.Estimate e = Bootstrap.correlate(x, y, clusters, s.bootstrapResamples(), seed);
        boolean hasInterval = !Double.isNaN(e.spearmanLo());
        boolean clear = hasInterval && (e.spearmanLo() > 0 || e.spearmanHi() < 0);
        if (!hasInterval) note = "too few bootstrap resamples with a defined correlation for an interval";
        return schemaRow(level, o.column(), f.name(), n, e.clusters(), nan(e.pearson()), nan(e.pearsonLo()),
                nan(e.pearsonHi()), nan(e.spearman()), nan(e.spearmanLo()), nan(e.spearmanHi()), e.resamples(),
                e.validResamples(), seed, clear, note, guideline(f, o, e, clear, hasInterval));
    }

    /** A row that knows its schema, so it can be read by column name as well as written. */
    private static Row schemaRow(Object... values) {
        return new GenericRowWithSchema(values, SCHEMA);
    }

    /** One sentence in the style of the paper's guidelines, only claiming what the interval supports. */
    static String guideline(Factor f, Outcome o, Bootstrap.Estimate e, boolean clear, boolean hasInterval) {
        String numbers = String.format(Locale.ROOT, "Spearman %+.2f, 95%% CI [%+.2f, %+.2f]", e.spearman(),
                e.spearmanLo(), e.spearmanHi());
        if (!hasInterval) return "no interval (" + String.format(Locale.ROOT, "Spearman %+.2f", e.spearman()) + ")";
        if (!clear) return "no clear effect of " + f.name() + " on the " + o.label() + " (" + numbers + ")";
        return f.higher() + " → " + (e.spearman() > 0 ? "larger " : "smaller ") + o.label() + " (" + numbers + ")";
    }

    private static String notMeasured(Outcome o) {
        if (o.column().startsWith("lt_rp_")) return "not measured: this sweep has no weight correlation R_p";
        if (o.column().equals("lt_rr_gap")) return "not measured: this sweep ran no RR tickets";
        return "no cell has a settled value (every verdict it depends on is still unknown)";
    }

    private static Factor number(String column, String higher) {
        return new Factor(column, higher, r -> ((Number) r.getAs(column)).doubleValue());
    }

    private static Factor flag(String column, String higher) {
        return new Factor(column, higher, r -> r.<Boolean>getAs(column) ? 1.0 : 0.0);
    }

    /** One 0/1 factor per dataset when there are several; otherwise a placeholder row saying there is one. */
    private static List<Factor> datasets(List<Row> trials) {
        TreeSet<String> names = new TreeSet<>();
        trials.forEach(r -> names.add(r.getAs("dataset")));
        if (names.size() < 2) return List.of(new Factor("dataset", "", r -> 0.0));
        return names.stream().map(d -> new Factor("dataset=" + d, "dataset " + d + " (vs the others)",
                r -> d.equals(r.getAs("dataset")) ? 1.0 : 0.0)).toList();
    }

    private static String cellKey(Row r) {
        return r.getAs("architecture") + "|" + r.getAs("width") + "|" + r.getAs("residual") + "|" + r.getAs("dataset")
                + "|" + r.getAs("epochs") + "|" + r.getAs("pruning_method");
    }

    private static long distinct(double[] v) {
        return java.util.Arrays.stream(v).distinct().limit(2).count();
    }

    private static Double nan(double d) {
        return Double.isNaN(d) ? null : d;
    }
}
