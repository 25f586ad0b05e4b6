package dev.jackpot.driver.spec;

import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.model.Architectures;
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

    /**
     * Number of trials: the product of the axis lengths, except that an architecture without skip connections
     * counts the residual axis once (see {@link #residualsFor}).
     */
    public int size() {
        long perArchitecture = 0;
        for (String architecture : architectures) {
            perArchitecture += residualsFor(architecture).size();
        }
        long n = perArchitecture * datasets.size() * widths.size() * lrs.size() * epochs.size() * seeds.size()
                * pruningMethods.size();
        return Math.toIntExact(n);
    }

    /**
     * The residual values an architecture is run with. For one without skip connections (lenet300, vgg, convK)
     * residual changes nothing, so it runs once, recorded as false: the same network twice under two ids would
     * count as two independent seeds in the analysis and halve its apparent spread.
     */
    List<Boolean> residualsFor(String architecture) {
        return Architectures.hasSkipConnections(architecture) ? residuals : List.of(false);
    }

    /**
     * The cartesian product (the residual axis as {@link #residualsFor} says), in the order the values are listed,
     * first axis outermost. The order only
     * decides scheduling: a trial's identity is {@link TrialSpec#id()}, which ignores list order.
     */
    public List<TrialSpec> expand(Shared s) {
        List<TrialSpec> trials = new ArrayList<>(size());
        for (String architecture : architectures)
            for (DatasetRef dataset : datasets)
                for (double width : widths)
                    for (boolean residual : residualsFor(architecture))
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
