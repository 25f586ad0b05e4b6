package dev.jackpot.worker.trial;

import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.data.Datasets;
import dev.jackpot.worker.model.LayerSizes;
import dev.jackpot.worker.model.MemoryBudget;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.PruneFrom;
import dev.jackpot.worker.prune.PruningMethod;
import dev.jackpot.worker.prune.RandomMasks;
import dev.jackpot.worker.train.RunResult;
import dev.jackpot.worker.train.SgdMomentum;
import dev.jackpot.worker.train.TrainSettings;
import dev.jackpot.worker.train.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one trial the way the experiment reads: train the dense network once from θ0, then for each pruning
 * round derive the mask and train every ticket kind from its own starting point under that mask.
 * IMP prunes the LT of the previous round (so LT always runs under IMP); OMP prunes the dense θT each round.
 * The worker never touches Spark: settings in, rows out.
 */
public final class TrialRunner {
    private final TrialSpec spec;
    private final Dataset data;
    private final TrainSettings settings;
    private final long initSeed;
    private final List<TicketRow> tickets = new ArrayList<>();
    private final List<EpochRow> epochs = new ArrayList<>();

    private TrialRunner(TrialSpec spec, Dataset data) {
        this.spec = spec;
        this.data = data;
        // Every run of the trial sees the same data order, so LT, RR and RP differ only in init and mask.
        this.settings = TrainSettings.of(spec, Seeds.derive(spec.seed(), "data-order", 0));
        this.initSeed = Seeds.derive(spec.seed(), "init", 0);
    }

    /** Runs the trial with {@code threads} ND4J threads. Never throws: failures come back as status FAILED. */
    public static TrialResult run(TrialSpec spec, int threads) {
        return run(spec, threads, null);
    }

    /** As {@link #run(TrialSpec, int)} on data already in memory (null: load {@code spec.dataset()}). */
    public static TrialResult run(TrialSpec spec, int threads, Dataset preloaded) {
        long start = System.nanoTime();
        Nd4jThreads.set(threads);
        TrialRunner runner = null;
        TrialStatus status;
        String error = "";
        try {
            Dataset data = preloaded != null ? preloaded : Datasets.load(spec.dataset());
            requireFitsInMemory(spec, data);
            runner = new TrialRunner(spec, data);
            status = runner.runAll();
        } catch (RuntimeException | OutOfMemoryError e) {
            status = TrialStatus.FAILED;
            error = oneLine(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<TicketRow> t = runner == null ? List.of() : runner.tickets;
        List<EpochRow> ep = runner == null ? List.of() : runner.epochs;
        return new TrialResult(spec, status, error, threads, Nd4jThreads.backend(), hostName(), "", seconds, t, ep);
    }

    private static void requireFitsInMemory(TrialSpec spec, Dataset data) {
        LayerSizes.Layers layers = LayerSizes.of(spec.architecture(), spec.width(),
                (int) data.trainFeatures().columns(), data.numClasses());
        MemoryBudget.requireFits(spec.architecture(), spec.width(), layers, MemoryBudget.limit());
    }

    private TrialStatus runAll() {
        Network dense = build(initSeed);
        INDArray theta0 = dense.graph().params().dup();
        List<String> prunable = dense.prunableLayers(spec.excludeLayers());
        long prunableSize = Mask.allAlive(dense.weights(prunable)).size();

        RunResult denseRun = Trainer.train(dense, null, data, settings, s -> {});
        record(TicketKind.DENSE, 0, null, prunableSize, denseRun);
        if (denseRun.diverged()) {
            return TrialStatus.DIVERGED;
        }
        // `scratch` holds whichever parameters are being pruned; its weight views read them layer by layer.
        Network scratch = dense;
        INDArray pruneSource = checkpoint(denseRun);
        Mask mask = Mask.allAlive(scratch.weights(prunable));
        boolean anyDiverged = false;
        for (int round = 1; round <= spec.rounds(); round++) {
            double keep = Math.pow(1.0 - spec.pruneRate(), round);
            scratch.graph().setParams(pruneSource);
            Mask from = spec.pruningMethod() == PruningMethod.IMP ? mask : Mask.allAlive(scratch.weights(prunable));
            mask = MagnitudePruning.prune(scratch.weights(prunable), from, keep, spec.pruningScope());

            RunResult lt = trainTicket(TicketKind.LT, round, theta0, initSeed, mask);
            if (lt.diverged()) {
                return TrialStatus.DIVERGED;   // IMP cannot go on without the LT's weights.
            }
            if (spec.tickets().contains(TicketKind.RR)) {
                long rrSeed = Seeds.derive(spec.seed(), "init-rr", round);
                anyDiverged |= trainTicket(TicketKind.RR, round, null, rrSeed, mask).diverged();
            }
            if (spec.tickets().contains(TicketKind.RP)) {
                Mask random = RandomMasks.sameLayerCounts(mask, Seeds.derive(spec.seed(), "mask-rp", round));
                anyDiverged |= trainTicket(TicketKind.RP, round, theta0, initSeed, random).diverged();
            }
            if (spec.pruningMethod() == PruningMethod.IMP) {
                pruneSource = checkpoint(lt);
            }
        }
        return anyDiverged ? TrialStatus.DIVERGED : TrialStatus.OK;
    }

    /**
     * Trains one ticket: starts from {@code start} (or the fresh init of {@code seed} when null) times the mask.
     */
    private RunResult trainTicket(TicketKind kind, int round, INDArray start, long seed, Mask mask) {
        Network net = build(seed);
        if (start != null) {
            net.graph().setParams(start);
        }
        RunResult run = Trainer.train(net, mask, data, settings, s -> {});
        record(kind, round, mask, mask.size(), run);
        return run;
    }

    private Network build(long seed) {
        SgdMomentum updater = new SgdMomentum(
                new MapSchedule(ScheduleType.ITERATION, settings.lrByIteration(data.trainSize())), spec.momentum());
        return Networks.build(spec.architecture(), spec.width(), spec.residual(),
                (int) data.trainFeatures().columns(), data.numClasses(), seed, updater, spec.weightDecay());
    }

    private INDArray checkpoint(RunResult run) {
        return spec.pruneFrom() == PruneFrom.BEST ? run.bestParams() : run.finalParams();
    }

    private void record(TicketKind kind, int round, Mask mask, long prunableSize, RunResult run) {
        long alive = mask == null ? prunableSize : mask.alive();
        double achieved = mask == null ? 0.0 : mask.sparsity();
        tickets.add(new TicketRow(kind, round, spec.sparsityAtRound(round), achieved, alive, prunableSize,
                run.finalAccuracy(), run.bestAccuracy(), run.bestEpoch(), run.finalLoss(), run.epochs().size(),
                run.diverged(), run.seconds()));
        run.epochs().forEach(e -> epochs.add(
                new EpochRow(kind, round, e.epoch(), e.lr(), e.trainLoss(), e.testLoss(), e.testAcc())));
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return (e.getClass().getSimpleName() + message).replaceAll("\\s+", " ").trim();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
