package dev.jackpot.worker.trial;

import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialRunnerTest {
    private final Dataset data = Fixtures.synthetic(384, 128, 3);

    @Test
    void oneDenseRunThenEveryTicketAtEveryRoundWithExactSparsity() {
        TrialResult result = TrialRunner.run(Fixtures.spec("lenet300", false, 3, 5), 1, data);
        assertEquals(TrialStatus.OK, result.status(), result.error());
        assertEquals(1 + 3 * 3, result.tickets().size());
        assertEquals(1, result.tickets().stream().filter(t -> t.kind() == TicketKind.DENSE).count());
        for (TicketRow t : result.tickets()) {
            long expectedAlive = Math.round(t.prunableWeights() * Math.pow(0.8, t.round()));
            assertEquals(expectedAlive, t.aliveWeights(), t.kind() + " round " + t.round());
            assertEquals(2, t.epochsTrained());
        }
        assertEquals(result.tickets().size() * 2, result.epochs().size());
        // lenet300 at width 0.1 prunes fc1 (784x30) and fc2 (30x10); the classifier is excluded.
        assertEquals(784 * 30 + 30 * 10, result.tickets().get(0).prunableWeights());
    }

    /** Else every later round in this JVM would wait for one more trial end, and collections would thin out. */
    @Test
    void aTrialThatAnErrorEscapesNoLongerCountsAsRunning() {
        int before = TrialMemory.trialsRunning();
        Error escaping = new Error("escapes the trial");
        Error thrown = assertThrows(Error.class, () -> TrialRunner.run(Fixtures.spec("lenet300", false, 1, 5), 1, data,
                (kind, round, params, mask) -> {
                    throw escaping;
                }));
        assertSame(escaping, thrown);
        assertEquals(before, TrialMemory.trialsRunning());
        TrialRunner.run(Fixtures.spec("lenet300", false, 1, 5), 1, data);
        assertEquals(before, TrialMemory.trialsRunning(), "a trial that ends normally leaves the count as it was");
    }

    @Test
    void rerunGivesBitIdenticalNumbersAndSeedsMatter() {
        var spec = Fixtures.spec("resmlp2", true, 1, 9);
        TrialResult a = TrialRunner.run(spec, 1, data);
        TrialResult b = TrialRunner.run(spec, 1, data);
        assertEquals(a.tickets().stream().map(TrialRunnerTest::numbers).toList(),
                b.tickets().stream().map(TrialRunnerTest::numbers).toList());
        assertEquals(a.epochs(), b.epochs());
        TrialResult other = TrialRunner.run(Fixtures.spec("resmlp2", true, 1, 10), 1, data);
        assertNotEquals(a.epochs(), other.epochs(), "another seed must change the numbers");
    }

    @Test
    void ticketsDifferFromEachOther() {
        TrialResult r = TrialRunner.run(Fixtures.spec("lenet300", false, 2, 1), 1, data);
        List<Double> round2 = r.tickets().stream().filter(t -> t.round() == 2).map(TicketRow::finalLoss).toList();
        assertEquals(3, round2.size());
        assertEquals(3, round2.stream().distinct().count(), "LT, RR and RP trained the same network: " + round2);
    }

    @Test
    void aDivergingTrialStopsAndSaysSo() {
        var base = Fixtures.spec("lenet300", false, 2, 1);
        var spec = new TrialSpec(base.architecture(), base.width(), base.residual(), base.dataset(), 1e6,
                base.epochs(), base.batchSize(), base.momentum(), base.weightDecay(), base.lrDrops(),
                base.lrDropFactor(), base.seed(), base.pruningMethod(), base.pruningScope(), base.pruneRate(),
                base.rounds(), base.pruneFrom(), base.excludeLayers(), base.tickets(), base.ticketSettings());
        TrialResult r = TrialRunner.run(spec, 1, data);
        assertEquals(TrialStatus.DIVERGED, r.status());
        assertTrue(r.tickets().get(0).diverged());
        assertEquals(1, r.tickets().size(), "no tickets after a diverged dense run");
    }

    @Test
    void anExclusionThatNamesNoLayerFailsTheTrialNamingTheLayers() {
        var base = Fixtures.spec("lenet300", false, 1, 1);
        var spec = new TrialSpec(base.architecture(), base.width(), base.residual(), base.dataset(), base.lr(),
                base.epochs(), base.batchSize(), base.momentum(), base.weightDecay(), base.lrDrops(),
                base.lrDropFactor(), base.seed(), base.pruningMethod(), base.pruningScope(), base.pruneRate(),
                base.rounds(), base.pruneFrom(), List.of("last-dense", "fc9"), base.tickets(), base.ticketSettings());
        TrialResult r = TrialRunner.run(spec, 1, data);
        assertEquals(TrialStatus.FAILED, r.status());
        assertTrue(r.error().contains("'fc9'") && r.error().contains("fc1, fc2, out"), r.error());
    }

    private static List<Object> numbers(TicketRow t) {
        return List.of(t.kind(), t.round(), t.finalAcc(), t.bestAcc(), t.finalLoss(), t.aliveWeights());
    }
}
