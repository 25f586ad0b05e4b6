package dev.jackpot.driver.spec;

import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.prune.PruneFrom;
import dev.jackpot.worker.prune.PruningMethod;
import dev.jackpot.worker.prune.PruningScope;
import dev.jackpot.worker.trial.TicketKind;
import dev.jackpot.worker.trial.TicketSettings;
import dev.jackpot.worker.trial.TrialMode;
import dev.jackpot.worker.trial.TrialSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The grid axes of a sweep, already validated and typed by {@link SpecLoader}. {@link #expand} turns them,
 * together with the settings every trial shares, into one {@link TrialSpec} per combination.
 */
public record Grid(
        List<String> architectures,
        List<DatasetRef> datasets,
        List<Double> widths,
        List<Boolean> residuals,
        List<Double> lrs,
        List<Integer> epochs,
        List<Long> seeds,
        List<PruningMethod> pruningMethods) {

    public Grid {
        architectures = List.copyOf(architectures);
        datasets = List.copyOf(datasets);
        widths = List.copyOf(widths);
        residuals = List.copyOf(residuals);
        lrs = List.copyOf(lrs);
        epochs = List.copyOf(epochs);
        seeds = List.copyOf(seeds);
        pruningMethods = List.copyOf(pruningMethods);
    }

    /** The settings of the train, prune, tickets, ticket-settings and metrics blocks: the same in every trial. */
    public record Shared(
            int batchSize,
            double momentum,
            double weightDecay,
            List<Double> lrDrops,
            double lrDropFactor,
            PruningScope pruningScope,
            double pruneRate,
            int rounds,
            PruneFrom pruneFrom,
            List<String> excludeLayers,
            Set<TicketKind> tickets,
            TicketSettings ticketSettings,
            TrialMode mode) {

        public Shared {
            lrDrops = List.copyOf(lrDrops);
            excludeLayers = List.copyOf(excludeLayers);
            tickets = Set.copyOf(tickets);
        }
    }

    /** Number of trials: the product of the axis lengths. */
    public int size() {
        long n = (long) architectures.size() * datasets.size() * widths.size() * residuals.size()
                * lrs.size() * epochs.size() * seeds.size() * pruningMethods.size();
        return Math.toIntExact(n);
    }

    /**
     * The cartesian product, in the order the values are listed, first axis outermost. The order only
     * decides scheduling: a trial's identity is {@link TrialSpec#id()}, which ignores list order.
     */
    public List<TrialSpec> expand(Shared s) {
        List<TrialSpec> trials = new ArrayList<>(size());
        for (String architecture : architectures)
            for (DatasetRef dataset : datasets)
                for (double width : widths)
                    for (boolean residual : residuals)
                        for (double lr : lrs)
                            for (int epochs : this.epochs)
                                for (long seed : seeds)
                                    for (PruningMethod method : pruningMethods)
                                        trials.add(new TrialSpec(architecture, width, residual, dataset, lr,
                                                epochs, s.batchSize(), s.momentum(), s.weightDecay(),
                                                s.lrDrops(), s.lrDropFactor(), seed, method, s.pruningScope(),
                                                s.pruneRate(), s.rounds(), s.pruneFrom(), s.excludeLayers(),
                                                new TreeSet<>(s.tickets()), s.ticketSettings(), s.mode()));
        return trials;
    }
}
