package dev.jackpot.driver.cli;

import dev.jackpot.driver.analyze.AnalysisTables;
import dev.jackpot.driver.table.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run a Spark SQL query over a sweep's tables and print the result.",
                "The tables are registered as views: trials, tickets, epochs, and those a report wrote: verdicts,"
                        + " correlations, guidelines, analysis_params.",
                "Example: sweep sql results/quick \"SELECT kind, AVG(final_acc) FROM tickets GROUP BY kind\""})
final class SqlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUTPUT", description = "a sweep output folder, e.g. results/quick")
    String output;

    @Parameters(index = "1", paramLabel = "QUERY", description = "the SQL query")
    String query;

    @Option(names = "--limit", defaultValue = "100", description = "rows to print (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*])")
    String master;

    @Override
    public Integer call() {
        return FinishedSweep.withSession("sql", output, master, spark -> {
            Tables.registerViews(spark, output);
            AnalysisTables.registerWritten(spark, output);
            spark.sql(query).show(limit, false);
        });
    }
}
