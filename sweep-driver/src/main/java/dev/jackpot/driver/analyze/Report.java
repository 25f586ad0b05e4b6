package dev.jackpot.driver.analyze;

import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sweep report}: from a sweep output folder, computes the verdicts and correlations with Spark SQL (the
 * .sql files in sql/), writes them as tables beside the others, draws the charts and writes report.html.
 */
public final class Report {
    public static final String HTML = "report.html";

    /** What a report found, for the command line. */
    public record Result(String html, int cells, Map<String, Integer> verdicts, int charts) {}

    private Report() {}

    public static Result generate(SparkSession spark, String outputDir, AnalysisSettings settings) {
        Runnable restore = AnalysisViews.tuneForSmallTables(spark);
        try {
            AnalysisViews.register(spark, outputDir, settings);
            ReportData data = ReportData.load(spark);
            List<Row> correlations = Correlations.compute(spark, settings);

            AnalysisTables.write(spark.table("verdicts"), outputDir, "verdicts", data.sweep());
            AnalysisTables.write(spark.createDataFrame(correlations, Correlations.SCHEMA), outputDir, Correlations.NAME,
                    data.sweep());
            AnalysisTables.write(spark.table("guidelines"), outputDir, "guidelines", data.sweep());
            AnalysisTables.write(spark.table(ParamsView.NAME), outputDir, ParamsView.NAME, data.sweep());

            ReportFiles files = new ReportFiles(outputDir, spark.sparkContext().hadoopConfiguration());
            List<ReportCharts.Section> charts = new ReportCharts(data, settings, files).draw();
            files.write(HTML, ReportHtml.render(data, correlations, charts, settings).getBytes(StandardCharsets.UTF_8));

            Map<String, Integer> counts = new TreeMap<>();
            data.verdicts().forEach(v -> counts.merge(v.getAs("verdict"), 1, Integer::sum));
            return new Result(files.where(HTML), data.winning().size(), counts,
                    charts.stream().mapToInt(c -> c.charts().size()).sum());
        } finally {
            restore.run();
        }
    }
}
