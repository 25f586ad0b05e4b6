package dev.jackpot.worker.trial;

import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.prune.PruneFrom;
import dev.jackpot.worker.prune.PruningMethod;
import dev.jackpot.worker.prune.PruningScope;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every setting of one trial: one (configuration, seed) whose dense run feeds all its tickets.
 * A plain immutable value; the driver builds it from the sweep spec, the worker runs it.
 *
 * @param architecture  network name from the registry (lenet300, resmlp4, ...)
 * @param width         width multiplier of the hidden layers
 * @param residual      identity skips on (true) or off (false) where the architecture has blocks
 * @param dataset       which data the trial trains and tests on
 * @param lr            peak learning rate
 * @param epochs        T, the epochs of every run (dense and tickets)
 * @param batchSize     minibatch size
 * @param momentum      SGD momentum (classic, as PyTorch's SGD)
 * @param weightDecay   L2 coefficient added to the gradient (PyTorch's weight_decay)
 * @param lrDrops       fractions of T at which the learning rate is multiplied by lrDropFactor
 * @param lrDropFactor  the step decay factor
 * @param seed          the trial's seed; every random choice derives from it
 * @param pruningMethod IMP or OMP
 * @param pruningScope  global or layerwise magnitude pruning
 * @param pruneRate     fraction of the alive weights removed per IMP round (0.2)
 * @param rounds        IMP rounds; round r reaches sparsity 1 - (1 - pruneRate)^r
 * @param pruneFrom     which checkpoint is pruned
 * @param excludeLayers layers never pruned: layer names or the aliases first-conv, last-dense
 * @param tickets       ticket kinds run per round (DENSE always runs once)
 * @param ticketSettings WR's rewind point, RT's classifier keep, the batch of the gradient-norm metric
 * @param mode          single-executor or data-parallel training of every run (part of the id only when not
 *                      single, so the ids of single-executor trials are those they always had)
 */
public record TrialSpec(
        String architecture,
        double width,
        boolean residual,
        DatasetRef dataset,
        double lr,
        int epochs,
        int batchSize,
        double momentum,
        double weightDecay,
        List<Double> lrDrops,
        double lrDropFactor,
        long seed,
        PruningMethod pruningMethod,
        PruningScope pruningScope,
        double pruneRate,
        int rounds,
        PruneFrom pruneFrom,
        List<String> excludeLayers,
        SortedSet<TicketKind> tickets,
        TicketSettings ticketSettings,
        TrialMode mode) implements Serializable {

    public TrialSpec {
        lrDrops = List.copyOf(lrDrops);
        excludeLayers = List.copyOf(excludeLayers);
        tickets = new TreeSet<>(tickets);
        Objects.requireNonNull(ticketSettings, "ticketSettings");
        Objects.requireNonNull(mode, "mode");
    }

    /** A single-executor trial. */
    public TrialSpec(String architecture, double width, boolean residual, DatasetRef dataset, double lr, int epochs,
                     int batchSize, double momentum, double weightDecay, List<Double> lrDrops, double lrDropFactor,
                     long seed, PruningMethod pruningMethod, PruningScope pruningScope, double pruneRate, int rounds,
                     PruneFrom pruneFrom, List<String> excludeLayers, SortedSet<TicketKind> tickets,
                     TicketSettings ticketSettings) {
        this(architecture, width, residual, dataset, lr, epochs, batchSize, momentum, weightDecay, lrDrops,
                lrDropFactor, seed, pruningMethod, pruningScope, pruneRate, rounds, pruneFrom, excludeLayers, tickets,
                ticketSettings, TrialMode.SINGLE);
    }

    /** The same trial trained in {@code newMode}: another trial, with another id unless the mode is the same. */
    public TrialSpec withMode(TrialMode newMode) {
        return new TrialSpec(architecture, width, residual, dataset, lr, epochs, batchSize, momentum, weightDecay,
                lrDrops, lrDropFactor, seed, pruningMethod, pruningScope, pruneRate, rounds, pruneFrom, excludeLayers,
                tickets, ticketSettings, newMode);
    }

    /**
     * The settings that decide the trial's numbers, as sorted key=value pairs. Two specs with equal
     * canonical forms are the same trial, whatever the order they were listed in.
     */
    public String canonical() {
        TreeMap<String, String> kv = new TreeMap<>();
        kv.put("architecture", architecture);
        kv.put("width", num(width));
        kv.put("residual", Boolean.toString(residual));
        kv.put("dataset", dataset.name());
        kv.put("dataset_path", dataset.path());
        kv.put("lr", num(lr));
        kv.put("epochs", Integer.toString(epochs));
        kv.put("batch_size", Integer.toString(batchSize));
        kv.put("momentum", num(momentum));
        kv.put("weight_decay", num(weightDecay));
        kv.put("lr_drops", lrDrops.stream().sorted().map(TrialSpec::num).toList().toString());
        kv.put("lr_drop_factor", num(lrDropFactor));
        kv.put("seed", Long.toString(seed));
        kv.put("pruning_method", pruningMethod.name());
        kv.put("pruning_scope", pruningScope.name());
        kv.put("prune_rate", num(pruneRate));
        kv.put("rounds", Integer.toString(rounds));
        kv.put("prune_from", pruneFrom.name());
        kv.put("exclude_layers", new TreeSet<>(excludeLayers).toString());
        kv.put("tickets", tickets.toString());
        kv.put("wr_rewind_fraction", num(ticketSettings.rewindFraction()));
        kv.put("rt_last_layer_keep", num(ticketSettings.lastLayerKeep()));
        kv.put("grad_norm_examples", Integer.toString(ticketSettings.gradNormExamples()));
        // Added only when not single, so that every single-executor trial keeps the id it had before modes existed.
        if (mode.isDataParallel()) {
            kv.put("mode", mode.label());
            kv.put("dp_workers", Integer.toString(mode.workers()));
        }
        StringBuilder sb = new StringBuilder();
        kv.forEach((k, v) -> sb.append(k).append('=').append(v).append(';'));
        return sb.toString();
    }

    /** A 16-hex-digit hash of {@link #canonical()}: stable across sweeps, runs and list orders. */
    public String id() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Target sparsity over prunable weights after IMP round r: 1 - (1 - rate)^r. */
    public double sparsityAtRound(int round) {
        return 1.0 - Math.pow(1.0 - pruneRate, round);
    }

    public Set<TicketKind> sparseTickets() {
        return tickets;
    }

    private static String num(double d) {
        // Shortest round-trip form, so 0.1 and 1e-1 hash alike.
        return Double.toString(d).toLowerCase(Locale.ROOT);
    }
}
