package dev.jackpot.driver.cli;

import dev.jackpot.driver.table.Tables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print dense, LT, RR and RP test accuracy (mean ± std over seeds) per cell and sparsity.")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUTPUT", description = "a sweep output folder, e.g. results/quick")
    String output;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*])")
    String master;

    @Override
    public Integer call() {
        OutputCheck.requireSweepFolder(output);
        SparkSession spark = Spark.session("jackpot summary", master, "local[*]", 1);
        try {
            print(spark, output, System.out);
            return 0;
        } finally {
            spark.stop();
        }
    }

    static void print(SparkSession spark, String output, PrintStream out) {
        Tables.registerViews(spark, output);
        var df = spark.sql(sql("summary")).cache();
        int rows = (int) Math.max(1, df.count());
        out.println("Test accuracy (%) per cell and sparsity, mean ± std over seeds:");
        out.flush();
        df.show(rows, false);
        caveats(spark).forEach(out::println);
    }

    /** Says what the means above replaced or left out; nothing when every run finished. */
    static List<String> caveats(SparkSession spark) {
        Row c = spark.sql(sql("caveats")).first();
        long divergedRuns = c.getLong(0);
        long divergedTrials = c.getLong(1);
        long failed = c.getLong(2);
        List<String> lines = new ArrayList<>();
        if (divergedRuns > 0) {
            lines.add(String.format("Diverged: %d run(s) in %d trial(s) ended with a NaN or infinite loss and count "
                    + "at chance (10.00%%) above; a trial whose dense run or IMP ticket diverged trained no later "
                    + "tickets ('-' or fewer seeds there). See tickets.diverged.", divergedRuns, divergedTrials));
        }
        if (failed > 0) {
            lines.add(String.format("Failed: %d trial(s) threw and are not in the means; see trials.error.", failed));
        }
        return lines;
    }

    /** An analysis query from the resources (the same files the notebooks read). */
    static String sql(String name) {
        try (InputStream in = SummaryCommand.class.getResourceAsStream("/sql/" + name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("missing resource /sql/" + name + ".sql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
