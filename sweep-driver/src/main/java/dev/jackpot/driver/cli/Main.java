package dev.jackpot.driver.cli;

import dev.jackpot.driver.lock.OutputLockedException;
import dev.jackpot.driver.spec.SpecException;
import dev.jackpot.worker.backend.NativeBuild;
import dev.jackpot.worker.data.DatasetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jackpot} command line: {@code run}, {@code plan}, {@code sql}, {@code summary}, {@code report}.
 * Bad input (a spec, a dataset file, a path) ends with one line on stderr naming what is wrong, and status 2;
 * so does a second driver on an output folder another driver is running on.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = CodeVersion.Provider.class,
        description = "Lottery-ticket sweeps on Spark: expand a grid, train dense networks and their tickets, "
                + "and query the results.",
        subcommands = {RunCommand.class, PlanCommand.class, SqlCommand.class, SummaryCommand.class,
                ReportCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        NativeBuild.select();   // before anything loads ND4J in this JVM
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        // The driver reads datasets (Preflight) and checks the output before Spark starts: give it spark-submit's
        // spark.hadoop.* too (and the local file system Spark will use, as Hadoop keeps the first one it opens).
        Spark.useHadoopSettings(Spark.settings());
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SpecException || e instanceof DatasetException || e instanceof BadInputException
                    || e instanceof OutputLockedException) {
                commandLine.getErr().println("sweep: " + e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
