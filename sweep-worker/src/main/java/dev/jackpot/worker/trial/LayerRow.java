package dev.jackpot.worker.trial;

import dev.jackpot.worker.metrics.RpValues;

import java.io.Serializable;

/**
 * One prunable layer of one run of a trial (the {@code layers} table).
 *
 * @param kind       the run's kind
 * @param round      its round (0 for DENSE)
 * @param layer      layer name
 * @param layerIndex 0-based position of the layer among the network's weight layers, input first (excluded layers
 *                   keep their place in the numbering)
 * @param size       weights in the layer
 * @param alive      weights alive under the run's mask (all for DENSE and SDT)
 * @param sparsity   1 - alive / size
 * @param rp         R_p(start ⊙ m, end ⊙ m) of this layer alone
 */
public record LayerRow(TicketKind kind, int round, String layer, int layerIndex, long size, long alive,
                       double sparsity, RpValues rp) implements Serializable {}
