package dev.jackpot.driver.cli;

import dev.jackpot.driver.analyze.Report;
import dev.jackpot.driver.lock.OutputLock;
import dev.jackpot.driver.run.SweepRunner;
import dev.jackpot.driver.spec.Preflight;
import dev.jackpot.driver.spec.SpecLoader;
import dev.jackpot.driver.spec.SweepSpec;
import dev.jackpot.worker.backend.NativeBuild;
import dev.jackpot.worker.trial.Nd4jThreads;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a sweep: every trial of the spec's grid not yet in the output, one Spark task per trial.",
                "Results are committed to Parquet tables (trials, tickets, epochs) under <sweep.output>/<sweep.name>"
                        + " as trials finish; running the same command again runs only the missing trials.",
                "At the end it prints a summary and writes the report (see `sweep report`).",
                "Exit status: 0 all trials ran (some may be recorded as failed or diverged), 2 bad input or another "
                        + "driver running on the same output folder."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep file (HOCON), e.g. conf/quick.conf")
    Path specFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a spec setting, value in HOCON syntax (repeatable), e.g. --set grid.lr=[0.1,0.01]")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else the spec's run.master, local[*] by default)")
    String master;

    @Option(names = "--yes", description = "run even when the grid is larger than run.max-trials")
    boolean yes;

    @Option(names = "--no-summary", description = "do not print the accuracy summary at the end")
    boolean noSummary;

    @Option(names = "--no-report", description = "do not write the report (verdicts, correlations, report.html) "
            + "at the end; `sweep report OUTPUT` writes it later")
    boolean noReport;

    @Override
    public Integer call() throws Exception {
        // Everything that can refuse the input comes first, and writes nothing.
        SweepSpec spec = SpecLoader.load(specFile, overrides);
        if (spec.trials().size() > spec.run().maxTrials() && !yes) {
            throw new BadInputException("the grid has " + spec.trials().size() + " trials, more than run.max-trials = "
                    + spec.run().maxTrials() + "; pass --yes to run it anyway or raise run.max-trials");
        }
        Preflight.check(spec);
        OutputCheck.requireUsable(spec.outputDir());
        String output = spec.outputDir();
        try (OutputLock lock = OutputLock.acquire(output, Duration.ofSeconds(spec.run().lockStaleSeconds()), System.err)) {
            System.err.println("jackpot " + CodeVersion.get() + " | ND4J " + Nd4jThreads.backend() + ", chosen: "
                    + NativeBuild.select() + " | OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")
                    + " | OPENBLAS_CORETYPE=" + NativeBuild.openblasCoreType());
            SparkSession spark = Spark.session("jackpot " + spec.name(), master, spec.run().master(), spec.run().taskCpus());
            try {
                SweepRunner.Outcome outcome = new SweepRunner(spark, spec, System.err, lock::requireHeld)
                        .run(CodeVersion.get());
                System.err.printf("done: %d trials in the grid, %d already done, %d run, %d failed; results in %s%n",
                        outcome.planned(), outcome.skipped(), outcome.ran(), outcome.failed(), output);
                // The report registers every analysis view, the summary's among them: built first, it leaves
                // them for the summary, which is still printed first.
                Report.Result report = noReport ? null : Report.generate(spark, output, spec.analysis());
                if (!noSummary && report != null) {
                    SummaryCommand.printRegistered(spark, System.out);
                } else if (!noSummary) {
                    SummaryCommand.print(spark, output, spec.analysis(), System.out);
                }
                if (report != null) {
                    ReportCommand.describe(report, System.out);
                }
                return 0;
            } finally {
                spark.stop();
            }
        }
    }
}
