package dev.jackpot.driver.cli;

import dev.jackpot.worker.bench.TrainingBenchmark;
import dev.jackpot.worker.data.DatasetRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training samples per second of one network, doing exactly the per-step work of a "
                + "trial (SGD with momentum and weight decay, a 50%% mask enforced on gradients and weights), after a "
                + "warm-up. Prints one JSON line like ../shared/bench/torch_peer.py, plus heap, off-heap and "
                + "resident memory after each repeat.",
                "Match the peer's threads: run with OMP_NUM_THREADS equal to --threads (bin/sweep sets 1)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "lenet300", description = "network name (default ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--width", defaultValue = "1.0", description = "width multiplier (default ${DEFAULT-VALUE})")
    double width;

    @Option(names = "--no-residual", description = "turn residual connections off")
    boolean noResidual;

    @Option(names = "--batch", defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", defaultValue = "1", description = "ND4J threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--samples", defaultValue = "30000",
            description = "training samples to time, in whole passes over min(samples, dataset) (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--repeats", defaultValue = "3", description = "timed runs; the best is reported (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--data", paramLabel = "DIR",
            description = "a folder of Fashion-MNIST/MNIST IDX files (default: the bundled 6,000-image subset)")
    Path data;

    @Override
    public Integer call() {
        if (batch < 1 || threads < 1 || samples < 1 || repeats < 1) {
            throw new BadInputException("--batch, --threads, --samples and --repeats must be >= 1");
        }
        if (data != null && !Files.isDirectory(data)) {
            throw new BadInputException("--data " + data + ": folder does not exist");
        }
        DatasetRef ref = data == null ? DatasetRef.bundled()
                : new DatasetRef("idx-" + data.getFileName(), "idx", data.toAbsolutePath().toString());
        var settings = new TrainingBenchmark.Settings(arch, width, !noResidual, batch, threads, samples, 10, repeats, ref);
        System.out.println(TrainingBenchmark.run(settings).toJson());
        return 0;
    }
}
