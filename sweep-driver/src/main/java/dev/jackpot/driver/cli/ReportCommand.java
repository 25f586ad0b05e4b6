package dev.jackpot.driver.cli;

import dev.jackpot.driver.analyze.Report;
import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Judge a sweep's tickets: verdicts (the paper's five conditions per cell and sparsity), winning "
                + "sparsity, correlations and guidelines, written as tables (verdicts, correlations, guidelines, "
                + "analysis_params) beside the others, plus report.html with charts in charts/.",
                "Settings: the analysis block of the sweep's saved sweep.conf over the defaults (reference.conf), "
                        + "then --set analysis.KEY=VALUE. `sweep run` runs this at the end unless --no-report."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    FinishedSweep.AnalysisOptions options;

    @Override
    public Integer call() {
        return options.run("report", (spark, settings) -> generate(spark, options.output, settings, System.out));
    }

    /** Writes the report and says in a few lines what it found and where it is. */
    static void generate(SparkSession spark, String output, AnalysisSettings settings, PrintStream out) {
        describe(Report.generate(spark, output, settings), out);
    }

    static void describe(Report.Result r, PrintStream out) {
        out.printf("Report: %d cells; verdicts per cell and sparsity: %s; %d charts.%n", r.cells(),
                r.verdicts().isEmpty() ? "none" : r.verdicts().toString().replaceAll("[{}]", ""), r.charts());
        out.printf("Open %s (tables verdicts, correlations, guidelines, analysis_params beside it).%n", r.html());
        out.flush();
    }
}
