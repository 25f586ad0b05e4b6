package dev.jackpot.driver.cli;

import dev.jackpot.driver.spec.AnalysisSettings;
import dev.jackpot.driver.spec.SpecLoader;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the commands that read a sweep output folder (sql, summary, report) share: the folder is checked before
 * Spark starts, the session is stopped however the work ends, and the analysis settings are the sweep's own (the
 * analysis block of its saved sweep.conf over the defaults) under {@code --set analysis.KEY=VALUE}.
 */
final class FinishedSweep {
    private FinishedSweep() {}

    /** The command line of a command that analyses a sweep output folder (summary, report). */
    static final class AnalysisOptions {
        @Parameters(index = "0", paramLabel = "OUTPUT", description = "a sweep output folder, e.g. results/quick")
        String output;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "override an analysis setting (repeatable), e.g. --set analysis.similar.cifar10=1.0")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*])")
        String master;

        /** Runs {@code work} over the sweep with its analysis settings; exit status 0 when it returns. */
        int run(String command, BiConsumer<SparkSession, AnalysisSettings> work) {
            AnalysisSettings settings = analysisSettings(output, overrides);
            return withSession(command, output, master, spark -> work.accept(spark, settings));
        }
    }

    /** Runs {@code work} in a session named after the command; exit status 0 when it returns. */
    static int withSession(String command, String output, String master, Consumer<SparkSession> work) {
        OutputCheck.requireSweepFolder(output);
        SparkSession spark = Spark.session("jackpot " + command, master, "local[*]", 1);
        try {
            work.accept(spark);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** The analysis settings the sweep in {@code output} was run with, then {@code overrides}. */
    static AnalysisSettings analysisSettings(String output, List<String> overrides) {
        // A URI output (hdfs://...) has its sweep.conf out of reach of the local loader: the defaults apply.
        Path saved = output.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? null : Path.of(output, "sweep.conf");
        return SpecLoader.loadAnalysis(saved, overrides);
    }
}
