package dev.jackpot.driver.cli;

import dev.jackpot.driver.analyze.AnalysisViews;
import dev.jackpot.driver.analyze.Sql;
import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Print dense, LT, RR and RP test accuracy (mean ± std over seeds) per cell and sparsity.",
                "It counts what the report judges (the view kind_stats): the sweep's analysis settings (its saved "
                        + "sweep.conf over the defaults), then --set analysis.KEY=VALUE."})
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    FinishedSweep.AnalysisOptions options;

    @Override
    public Integer call() {
        return options.run("summary", (spark, settings) -> print(spark, options.output, settings, System.out));
    }

    static void print(SparkSession spark, String output, AnalysisSettings settings, PrintStream out) {
        Runnable restore = AnalysisViews.tuneForSmallTables(spark);
        try {
            AnalysisViews.register(spark, output, settings, "kind_stats");
            show(spark, out);
        } finally {
            restore.run();
        }
    }

    /** The summary over analysis views already registered in the session (by the report, in `sweep run`). */
    static void printRegistered(SparkSession spark, PrintStream out) {
        Runnable restore = AnalysisViews.tuneForSmallTables(spark);
        try {
            show(spark, out);
        } finally {
            restore.run();
        }
    }

    private static void show(SparkSession spark, PrintStream out) {
        var df = spark.sql(Sql.load("summary")).cache();
        int rows = (int) Math.max(1, df.count());
        out.println("Test accuracy (%) per cell and sparsity, mean ± std over seeds:");
        out.flush();
        // Dataset.show writes to Scala's Console, not System.out: point it at {@code out}.
        scala.Console.withOut(out, new scala.runtime.AbstractFunction0<Object>() {
            @Override
            public Object apply() {
                df.show(rows, false);
                return null;
            }
        });
        caveats(spark).forEach(out::println);
    }

    /** Says what the means above replaced or left out; nothing when every run finished. */
    static List<String> caveats(SparkSession spark) {
        Row c = spark.sql(Sql.load("caveats")).first();
        long divergedRuns = c.getLong(0);
        long imputedRuns = c.getLong(1);
        long divergedTrials = c.getLong(2);
        long failed = c.getLong(3);
        String chance = c.getString(4);
        List<String> lines = new ArrayList<>();
        if (divergedRuns + imputedRuns > 0) {
            lines.add(String.format("Diverged: %d run(s) in %d trial(s) ended with a NaN or infinite loss and count "
                    + "at chance (%s, analysis.chance) above, as do the %d run(s) those trials never reached "
                    + "(IMP cannot go on without the LT). See tickets.diverged.",
                    divergedRuns, divergedTrials, chance, imputedRuns));
        }
        if (failed > 0) {
            lines.add(String.format("Failed: %d trial(s) threw and are not in the means; see trials.error.", failed));
        }
        return lines;
    }
}
