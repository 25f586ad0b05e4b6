package dev.jackpot.driver.cli;

import dev.jackpot.driver.spec.Preflight;
import dev.jackpot.driver.spec.SpecLoader;
import dev.jackpot.driver.spec.SweepSpec;
import dev.jackpot.worker.trial.TrialSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Validate a sweep file and its datasets and list its trials (id and the settings that vary); "
                + "trains nothing.")
final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep file (HOCON)")
    Path specFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a spec setting (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        SweepSpec spec = SpecLoader.load(specFile, overrides);
        Preflight.check(spec);
        System.out.printf("%-16s  %-10s %-6s %-8s %-22s %-8s %6s %6s %5s %-6s%n", "trial_id", "arch", "width",
                "residual", "dataset", "lr", "epochs", "seed", "rounds", "method");
        for (TrialSpec t : spec.trials()) {
            System.out.printf("%-16s  %-10s %-6s %-8s %-22s %-8s %6d %6d %5d %-6s%n", t.id(), t.architecture(),
                    t.width(), t.residual(), t.dataset().name(), t.lr(), t.epochs(), t.seed(), t.rounds(),
                    t.pruningMethod().name().toLowerCase());
        }
        int runsPerTrial = 1 + spec.trials().stream().findFirst().map(t -> t.rounds() * t.tickets().size()).orElse(0);
        System.out.printf("%d trials (%d training runs each: 1 dense + rounds x tickets), output %s%n",
                spec.trials().size(), runsPerTrial, spec.outputDir());
        return 0;
    }
}
