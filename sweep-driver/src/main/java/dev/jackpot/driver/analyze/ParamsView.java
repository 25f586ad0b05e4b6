package dev.jackpot.driver.analyze;

import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * The view {@code analysis_params}: the analysis settings as a table, one row per dataset of the sweep, so the
 * SQL can join the per-dataset tolerances. The report also writes it as a table, which is how the notebooks get
 * the settings the report used.
 */
public final class ParamsView {
    public static final String NAME = "analysis_params";

    public static final StructType SCHEMA = new StructType()
            .add("dataset", DataTypes.StringType, false)
            .add("similar", DataTypes.DoubleType, false)
            .add("chance", DataTypes.DoubleType, false)
            .add("gap", DataTypes.DoubleType, false)
            .add("min_sparsity", DataTypes.DoubleType, false)
            .add("min_seeds", DataTypes.IntegerType, false)
            .add("full_budget_epochs", DataTypes.IntegerType, false)
            .add("accuracy", DataTypes.StringType, false);

    private ParamsView() {}

    /** Registers {@code analysis_params} for every dataset in the {@code trials} view. */
    public static Dataset<Row> register(SparkSession spark, AnalysisSettings s) {
        List<Row> rows = spark.sql("SELECT DISTINCT dataset FROM trials ORDER BY dataset").collectAsList().stream()
                .map(r -> r.getString(0))
                .map(d -> RowFactory.create(d, s.similarFor(d), s.chanceFor(d), s.gap(), s.minSparsity(), s.minSeeds(),
                        s.fullBudgetEpochs(), s.accuracy().key()))
                .toList();
        Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
        df.createOrReplaceTempView(NAME);
        return df;
    }
}
