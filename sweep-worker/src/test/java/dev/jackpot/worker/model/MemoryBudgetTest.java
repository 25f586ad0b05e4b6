package dev.jackpot.worker.model;

import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.trial.TrialResult;
import dev.jackpot.worker.trial.TrialRunner;
import dev.jackpot.worker.trial.TrialSpec;
import dev.jackpot.worker.trial.TrialStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBudgetTest {
    @Test
    void aNetworkLargerThanTheLimitIsRefusedWithTheNumbers() {
        LayerSizes.Layers layers = LayerSizes.of("resmlp1", 1.0, true, new InputShape(1, 28, 28), 10);
        long needed = MemoryBudget.needed(layers);
        assertEquals(layers.total() * 4 * MemoryBudget.COPIES, needed);
        assertDoesNotThrow(() -> MemoryBudget.requireFits("resmlp1", 1.0, layers, needed));
        String msg = assertThrows(IllegalStateException.class,
                () -> MemoryBudget.requireFits("resmlp1", 1.0, layers, needed - 1)).getMessage();
        assertTrue(msg.contains("resmlp1 at width 1.0") && msg.contains("maxbytes"), msg);
    }

    @Test
    void aTrialWhoseNetworkCannotFitFailsWithoutAllocatingIt() {
        // width 1000: a 256,000-unit hidden layer, 6.6e10 weights; nobody's executor holds that.
        TrialSpec base = Fixtures.spec("resmlp1", false, 1, 1);
        TrialSpec huge = new TrialSpec(base.architecture(), 1000, base.residual(), base.dataset(), base.lr(),
                base.epochs(), base.batchSize(), base.momentum(), base.weightDecay(), base.lrDrops(),
                base.lrDropFactor(), base.seed(), base.pruningMethod(), base.pruningScope(), base.pruneRate(),
                base.rounds(), base.pruneFrom(), base.excludeLayers(), base.tickets(), base.ticketSettings());
        TrialResult r = TrialRunner.run(huge, 1, Fixtures.synthetic(64, 32, 1));
        assertEquals(TrialStatus.FAILED, r.status());
        assertTrue(r.error().contains("native memory"), r.error());
        assertTrue(r.tickets().isEmpty());
    }
}
