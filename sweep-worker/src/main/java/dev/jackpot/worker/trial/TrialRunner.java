package dev.jackpot.worker.trial;

import dev.jackpot.worker.backend.NativeMemory;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.data.Datasets;
import dev.jackpot.worker.metrics.LayerArrays;
import dev.jackpot.worker.metrics.WeightMetrics;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.LayerSizes;
import dev.jackpot.worker.model.MemoryBudget;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.PruneFrom;
import dev.jackpot.worker.prune.PruningMethod;
import dev.jackpot.worker.prune.RandomMasks;
import dev.jackpot.worker.prune.Shuffles;
import dev.jackpot.worker.prune.SmartRatio;
import dev.jackpot.worker.train.EpochStats;
import dev.jackpot.worker.train.GradientNorm;
import dev.jackpot.worker.train.RunResult;
import dev.jackpot.worker.train.RunTrainer;
import dev.jackpot.worker.train.SgdMomentum;
import dev.jackpot.worker.train.TrainSettings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs one trial the way the experiment reads: train the dense network once from θ0, then for each pruning round
 * derive the mask and train every selected ticket kind from its own starting point (LTH-SPEC.md, "Tickets").
 * IMP prunes the LT of the previous round (so LT always runs under IMP); OMP prunes the dense checkpoint each round.
 * Every run is measured at its start and its end (R_p, distances, gradient norm at the start).
 * The worker never touches Spark: settings in, rows out.
 */
public final class TrialRunner {
    /** Test seam: sees each run's starting parameters (already times the mask) and its mask (null when dense). */
    interface StartObserver {
        void started(TicketKind kind, int round, INDArray params, Mask mask);
    }

    /** A network ready to train and the width multiplier it was built with. */
    private record Start(Network network, double width) {}

    private final TrialSpec spec;
    private final Dataset data;
    /** Trains each run: on this JVM, or across the cluster for a data-parallel trial. */
    private final RunTrainer trainer;
    private final StartObserver observer;
    private final TrialCheckpoints checkpoints;
    /** Test seam: stop (as a crash would, status FAILED) right after the checkpoint of this round; 0: never. */
    private final int stopAfterRound;
    /** Wall time of earlier attempts, restored from a checkpoint. */
    private double priorSeconds;
    private final long startNanos;
    private final TrainSettings settings;
    private final long initSeed;
    /** The fixed batch of training examples every run's gradient norm is measured on. */
    private final INDArray gradFeatures;
    private final INDArray gradLabels;
    private final List<TicketRow> tickets = new ArrayList<>();
    private final List<EpochRow> epochs = new ArrayList<>();
    private final List<LayerRow> layers = new ArrayList<>();
    /** The trial's network: trained densely, then scratch space for reading the checkpoints that get pruned. */
    private Network dense;
    private long prunableWeights;

    private TrialRunner(TrialSpec spec, Dataset data, RunTrainer trainer, StartObserver observer,
                        TrialCheckpoints checkpoints, int stopAfterRound, long startNanos) {
        this.spec = spec;
        this.data = data;
        this.trainer = trainer;
        this.observer = observer;
        this.checkpoints = checkpoints;
        this.stopAfterRound = stopAfterRound;
        this.startNanos = startNanos;
        // Every run of the trial sees the same data order, so the tickets differ only in start, mask and schedule.
        this.settings = TrainSettings.of(spec, Seeds.derive(spec.seed(), "data-order", 0));
        this.initSeed = Seeds.derive(spec.seed(), "init", 0);
        int[] rows = gradBatchRows(data.trainSize(), spec.ticketSettings().gradNormExamples(),
                Seeds.derive(spec.seed(), "grad-norm-batch", 0));
        this.gradFeatures = Nd4j.pullRows(data.trainFeatures(), 1, rows);
        this.gradLabels = Nd4j.pullRows(data.trainLabels(), 1, rows);
    }

    /** Runs the trial with {@code threads} ND4J threads. Never throws: failures come back as status FAILED. */
    public static TrialResult run(TrialSpec spec, int threads) {
        return run(spec, threads, null);
    }

    /** As {@link #run(TrialSpec, int)} on data already in memory (null: load {@code spec.dataset()}). */
    public static TrialResult run(TrialSpec spec, int threads, Dataset preloaded) {
        return run(spec, threads, preloaded, null);
    }

    /**
     * As {@link #run(TrialSpec, int)}, checkpointing after the dense run and after every round under
     * {@code checkpointRoot}{@code /<trial id>/} (a Hadoop path; null or empty: no checkpoints), and resuming from
     * the latest readable checkpoint found there that {@code codeVersion} wrote: the rows equal those of an
     * uninterrupted run at the same thread count. {@code seconds} then adds up the attempts.
     */
    public static TrialResult runWithCheckpoints(TrialSpec spec, int threads, String checkpointRoot,
                                                 String codeVersion) {
        return runWithCheckpoints(spec, threads, checkpointRoot, codeVersion, RunTrainer.LOCAL);
    }

    /**
     * As {@link #runWithCheckpoints(TrialSpec, int, String, String)}, every run (dense and tickets) trained by
     * {@code trainer}: the driver's data-parallel engine for {@code trial.mode = data-parallel}.
     */
    public static TrialResult runWithCheckpoints(TrialSpec spec, int threads, String checkpointRoot,
                                                 String codeVersion, RunTrainer trainer) {
        return run(spec, threads, null, trainer, null, TrialCheckpoints.under(checkpointRoot, spec.id(), codeVersion),
                0);
    }

    static TrialResult run(TrialSpec spec, int threads, Dataset preloaded, StartObserver observer) {
        return run(spec, threads, preloaded, RunTrainer.LOCAL, observer, TrialCheckpoints.none(), 0);
    }

    static TrialResult run(TrialSpec spec, int threads, Dataset preloaded, StartObserver observer,
                           TrialCheckpoints checkpoints, int stopAfterRound) {
        return run(spec, threads, preloaded, RunTrainer.LOCAL, observer, checkpoints, stopAfterRound);
    }

    /** The whole entry point; {@code stopAfterRound} > 0 is a test seam that simulates a crash after that round. */
    static TrialResult run(TrialSpec spec, int threads, Dataset preloaded, RunTrainer trainer,
                           StartObserver observer, TrialCheckpoints checkpoints, int stopAfterRound) {
        TrialMemory.trialStarted();
        boolean measured = false;
        try {
            long start = System.nanoTime();
            Nd4jThreads.set(threads);
            TrialRunner runner = null;
            TrialStatus status;
            String error = "";
            try {
                Dataset data = preloaded != null ? preloaded : Datasets.load(spec.dataset());
                requireFitsInMemory(spec, data);
                runner = new TrialRunner(spec, data, trainer, observer, checkpoints, stopAfterRound, start);
                status = runner.runAll();
            } catch (RuntimeException | OutOfMemoryError e) {
                status = TrialStatus.FAILED;
                error = oneLine(e);
            }
            double seconds = (System.nanoTime() - start) / 1e9 + (runner == null ? 0 : runner.priorSeconds);
            List<TicketRow> t = runner == null ? List.of() : runner.tickets;
            List<EpochRow> ep = runner == null ? List.of() : runner.epochs;
            List<LayerRow> l = runner == null ? List.of() : runner.layers;
            runner = null;   // its networks and arrays are garbage now: the measurement below should not count them
            String backend = Nd4jThreads.backendAndKernels();
            String host = hostName();
            Instant finished = Instant.now();
            TrialMemory memory = TrialMemory.atTrialEnd();
            measured = true;
            return new TrialResult(spec, status, error, threads, backend, host, "", seconds, finished, memory, t, ep, l);
        } finally {
            if (!measured) {   // an Error escaped the trial: it no longer runs here
                TrialMemory.trialAbandoned();
            }
        }
    }

    /** Fails the trial, before anything is allocated, when its network cannot fit in this executor's memory. */
    private static void requireFitsInMemory(TrialSpec spec, Dataset data) {
        LayerSizes.Layers layers = LayerSizes.of(spec.architecture(), spec.width(), spec.residual(),
                new InputShape(data.channels(), data.rows(), data.cols()), data.numClasses());
        MemoryBudget.requireFits(spec.architecture(), spec.width(), layers, MemoryBudget.limit());
    }

    private TrialStatus runAll() {
        dense = build(initSeed, spec.width());
        List<String> prunable = prunableLayers(dense);
        Mask everything = Mask.allAlive(dense.weights(prunable));
        prunableWeights = everything.size();
        // WR rewinds to the dense run after epoch t: the snapshot is taken while the dense run trains.
        int rewindEpoch = spec.tickets().contains(TicketKind.WR) ? spec.ticketSettings().rewindEpoch(spec.epochs()) : 0;
        EpochSnapshot rewind = new EpochSnapshot(dense, rewindEpoch);

        INDArray theta0;
        INDArray pruned;   // the checkpoint this round's mask is cut from
        Mask mask;
        boolean anyDiverged;
        int firstRound;
        TrialCheckpoints.State saved = checkpoints.load(spec).orElse(null);
        if (saved == null) {
            theta0 = dense.graph().params().dup();
            RunResult denseRun = train(TicketKind.DENSE, 0, new Start(dense, spec.width()), null, settings, rewind);
            if (denseRun.diverged()) {
                return TrialStatus.DIVERGED;
            }
            pruned = checkpoint(denseRun);
            mask = everything;
            anyDiverged = false;
            save(0, theta0, pruned, rewind, mask, false);
            firstRound = 1;
        } else {
            // Everything a finished round leaves for the next, and the rows so far; the networks are rebuilt.
            theta0 = saved.theta0().array();
            pruned = saved.pruned().array();
            if (saved.rewind() != null) {
                rewind.restore(saved.rewind().array());
            }
            mask = saved.mask();
            anyDiverged = saved.anyDiverged();
            tickets.addAll(saved.tickets());
            epochs.addAll(saved.epochs());
            layers.addAll(saved.layers());
            priorSeconds = saved.seconds();
            firstRound = saved.round() + 1;
        }
        for (int round = firstRound; round <= spec.rounds(); round++) {
            double keep = Math.pow(1.0 - spec.pruneRate(), round);
            dense.graph().setParams(pruned);
            Mask from = spec.pruningMethod() == PruningMethod.IMP ? mask : everything;
            mask = MagnitudePruning.prune(dense.weights(prunable), from, keep, spec.pruningScope());

            RunResult lt = train(TicketKind.LT, round, startingFrom(theta0), mask, settings);
            if (lt.diverged()) {
                return TrialStatus.DIVERGED;   // IMP cannot go on without the LT's weights.
            }
            for (TicketKind kind : spec.tickets()) {
                if (kind != TicketKind.LT) {
                    anyDiverged |= trainControl(kind, round, mask, theta0, pruned, rewind).diverged();
                }
            }
            if (spec.pruningMethod() == PruningMethod.IMP) {
                pruned = checkpoint(lt);
            }
            save(round, theta0, pruned, rewind, mask, anyDiverged);
            if (round == stopAfterRound) {
                throw new IllegalStateException("stopped after round " + round + " (test seam stopAfterRound)");
            }
        }
        return anyDiverged ? TrialStatus.DIVERGED : TrialStatus.OK;
    }

    private void save(int round, INDArray theta0, INDArray pruned, EpochSnapshot rewind, Mask mask,
                      boolean anyDiverged) {
        if (checkpoints.enabled()) {
            double seconds = priorSeconds + (System.nanoTime() - startNanos) / 1e9;
            checkpoints.save(TrialCheckpoints.State.of(spec.id(), round, theta0, pruned, rewind.paramsOrNull(), mask,
                    anyDiverged, seconds, tickets, epochs, layers));
        }
    }

    /**
     * One control of a round, as LTH-SPEC.md's table defines it.
     *
     * @param m      the round's magnitude mask (LT's)
     * @param theta0 the trial's initial weights
     * @param pruned the checkpoint m was cut from (dense θT, or under IMP the previous round's LT)
     * @param rewind the dense run's weights after epoch t
     */
    private RunResult trainControl(TicketKind kind, int round, Mask m, INDArray theta0, INDArray pruned,
                                   EpochSnapshot rewind) {
        return switch (kind) {
            case RR -> train(kind, round, fresh(Seeds.derive(spec.seed(), "init-rr", round)), m, settings);
            case RP -> train(kind, round, startingFrom(theta0),
                    RandomMasks.sameLayerCounts(m, Seeds.derive(spec.seed(), "mask-rp", round)), settings);
            case SDT -> train(kind, round, smallDense(m.alive(), Seeds.derive(spec.seed(), "init-sdt", round)), null,
                    settings);
            case WR -> train(kind, round, startingFrom(rewind.params()), m, settings.resumedAfter(rewind.epoch()));
            case PF -> train(kind, round, startingFrom(pruned), m, settings);
            case RT -> train(kind, round, startingFrom(theta0), SmartRatio.mask(m,
                    Topology.hasSkipConnections(dense.graph()), dense.lastDense(),
                    spec.ticketSettings().lastLayerKeep(), Seeds.derive(spec.seed(), "mask-rt", round)), settings);
            case SM -> train(kind, round, startingFrom(theta0),
                    Shuffles.permuteMask(m, Seeds.derive(spec.seed(), "mask-sm", round)), settings);
            case SI -> train(kind, round, shuffledSurvivors(theta0, m, Seeds.derive(spec.seed(), "init-si", round)), m,
                    settings);
            case DENSE, LT -> throw new IllegalArgumentException(kind + " is not a control");
        };
    }

    private RunResult train(TicketKind kind, int round, Start start, Mask mask, TrainSettings runSettings) {
        return train(kind, round, start, mask, runSettings, s -> {});
    }

    /**
     * Trains one run and records its rows. It starts from the network's weights times {@code mask} (null: dense),
     * where its gradient norm is measured; R_p and the distances compare those weights with the final ones.
     */
    private RunResult train(TicketKind kind, int round, Start start, Mask mask, TrainSettings runSettings,
                            Consumer<EpochStats> onEpoch) {
        long t0 = System.nanoTime();
        Network net = start.network();
        List<String> measured = mask != null ? List.copyOf(mask.layerNames()) : prunableLayers(net);
        Mask alive = mask != null ? mask : Mask.allAlive(net.weights(measured));
        alive.applyInPlace(net.weights(measured));
        Map<String, float[]> aliveArrays = new LinkedHashMap<>();
        measured.forEach(layer -> aliveArrays.put(layer, LayerArrays.copy(alive.layer(layer))));
        Map<String, float[]> startWeights = LayerArrays.copy(net.weights(measured));
        if (observer != null) {
            observer.started(kind, round, net.graph().params().dup(), mask);
        }
        double gradNorm = GradientNorm.of(net, mask, gradFeatures, gradLabels, spec.batchSize());

        RunResult run = trainer.train(net, mask, data, runSettings, onEpoch);
        NativeMemory.collectIfAbove();

        Map<String, float[]> endWeights = LayerArrays.copy(net.weights(measured));
        WeightMetrics metrics = run.diverged() ? WeightMetrics.undefined(aliveArrays)
                : WeightMetrics.between(startWeights, endWeights, aliveArrays);
        record(kind, round, start, run, gradNorm, metrics, prunedNonzero(endWeights, aliveArrays),
                (System.nanoTime() - t0) / 1e9);
        return run;
    }

    /** A network of the trial's architecture and width starting from {@code params}. */
    private Start startingFrom(INDArray params) {
        Network net = build(initSeed, spec.width());
        net.graph().setParams(params);
        return new Start(net, spec.width());
    }

    /** A fresh draw from the initialiser (RR's θ0'). */
    private Start fresh(long seed) {
        return new Start(build(seed, spec.width()), spec.width());
    }

    /** SDT: a fresh network whose width gives it about {@code aliveWeights} prunable weights. */
    private Start smallDense(long aliveWeights, long seed) {
        double width = SmallDense.width(aliveWeights, spec.width(), w -> prunableWeights(build(seed, w)));
        return new Start(build(seed, width), width);
    }

    /** SI: θ0 with the values at m's alive positions permuted within each layer. */
    private Start shuffledSurvivors(INDArray theta0, Mask m, long seed) {
        Start start = startingFrom(theta0);
        Map<String, INDArray> views = start.network().weights(List.copyOf(m.layerNames()));
        Shuffles.permuteSurvivors(views, m, seed).forEach((layer, w) -> views.get(layer).assign(w));
        return start;
    }

    private long prunableWeights(Network net) {
        return prunableLayers(net).stream().mapToLong(l -> net.weights(l).length()).sum();
    }

    private Network build(long seed, double width) {
        SgdMomentum updater = new SgdMomentum(
                new MapSchedule(ScheduleType.ITERATION, settings.lrByIteration(data.trainSize())), spec.momentum());
        return Networks.build(spec.architecture(), width, spec.residual(),
                new InputShape(data.channels(), data.rows(), data.cols()), data.numClasses(), seed, updater,
                spec.weightDecay());
    }

    /** The network's prunable layers; an exclusion that names no layer is refused rather than silently ignored. */
    private List<String> prunableLayers(Network net) {
        for (String e : spec.excludeLayers()) {
            if (!e.equals("first-conv") && !e.equals("last-dense") && !net.weightLayers().contains(e)) {
                throw new IllegalArgumentException("prune.exclude: '" + e + "' is not a weight layer of "
                        + spec.architecture() + " (its weight layers: " + String.join(", ", net.weightLayers())
                        + "; aliases: first-conv, last-dense)");
            }
        }
        return net.prunableLayers(spec.excludeLayers());
    }

    private INDArray checkpoint(RunResult run) {
        return spec.pruneFrom() == PruneFrom.BEST ? run.bestParams() : run.finalParams();
    }

    /** Weights outside the mask that are not exactly zero: pruned weights that training revived. */
    static long prunedNonzero(Map<String, float[]> weights, Map<String, float[]> mask) {
        long count = 0;
        for (Map.Entry<String, float[]> e : mask.entrySet()) {
            float[] w = weights.get(e.getKey());
            float[] m = e.getValue();
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0f && w[i] != 0f) {
                    count++;
                }
            }
        }
        return count;
    }

    private void record(TicketKind kind, int round, Start start, RunResult run, double gradNorm, WeightMetrics metrics,
                        long prunedNonzero, double seconds) {
        long alive = metrics.layers().values().stream().mapToLong(WeightMetrics.LayerMetrics::alive).sum();
        double achieved = 1.0 - (double) alive / prunableWeights;
        tickets.add(new TicketRow(kind, round, spec.sparsityAtRound(round), achieved, alive, prunableWeights,
                run.finalAccuracy(), run.bestAccuracy(), run.bestEpoch(), run.finalLoss(), run.epochs().size(),
                run.diverged(), seconds, start.width(), metrics.rp(), gradNorm, metrics.l2Distance(),
                metrics.cosineDistance(), prunedNonzero));
        run.epochs().forEach(e -> epochs.add(
                new EpochRow(kind, round, e.epoch(), e.lr(), e.trainLoss(), e.testLoss(), e.testAcc())));
        List<String> order = start.network().weightLayers();
        metrics.layers().forEach((layer, m) -> layers.add(new LayerRow(kind, round, layer, order.indexOf(layer),
                m.size(), m.alive(), m.sparsity(), m.rp())));
    }

    /** {@code count} distinct training rows (all when there are fewer), chosen by {@code seed}, in ascending order. */
    static int[] gradBatchRows(int trainSize, int count, long seed) {
        int n = Math.min(trainSize, count);
        int[] all = new int[trainSize];
        for (int i = 0; i < trainSize; i++) {
            all[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(trainSize - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] rows = Arrays.copyOf(all, n);
        Arrays.sort(rows);
        return rows;
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
