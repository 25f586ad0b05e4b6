package dev.jackpot.worker.trial;

import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.metrics.WeightCorrelation;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.PruneFrom;
import dev.jackpot.worker.train.RunResult;
import dev.jackpot.worker.train.SgdMomentum;
import dev.jackpot.worker.train.TrainSettings;
import dev.jackpot.worker.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One trial with every ticket kind, its starts captured, checked against the definitions of LTH-SPEC.md. The dense
 * run is reproduced independently here (training is bit-for-bit deterministic on one thread) to get θt and θT.
 */
class TicketKindsTest {
    private static final Dataset DATA = Fixtures.synthetic(384, 128, 3);
    private static final int ROUNDS = 2;
    private static final TrialSpec SPEC = Fixtures.with(Fixtures.spec("lenet300", false, ROUNDS, 4),
            EnumSet.complementOf(EnumSet.of(TicketKind.DENSE)), PruneFrom.BEST);
    private static final List<String> PRUNABLE = List.of("fc1", "fc2");

    private record Started(INDArray params, Mask mask) {}

    private static TrialResult result;
    private static final Map<String, Started> STARTS = new HashMap<>();
    /** The dense run reproduced outside the runner, and its weights after epoch t. */
    private static Network dense;
    private static RunResult denseRun;
    private static INDArray thetaT;

    @BeforeAll
    static void runTheTrialAndTheDenseRunAgain() {
        result = TrialRunner.run(SPEC, 1, DATA,
                (kind, round, params, mask) -> STARTS.put(kind + "@" + round, new Started(params, mask)));
        assertEquals(TrialStatus.OK, result.status(), result.error());

        TrainSettings settings = TrainSettings.of(SPEC, Seeds.derive(SPEC.seed(), "data-order", 0));
        SgdMomentum updater = new SgdMomentum(
                new MapSchedule(ScheduleType.ITERATION, settings.lrByIteration(DATA.trainSize())), SPEC.momentum());
        dense = Networks.build(SPEC.architecture(), SPEC.width(), SPEC.residual(), new InputShape(1, 28, 28), 10,
                Seeds.derive(SPEC.seed(), "init", 0), updater, SPEC.weightDecay());
        int t = SPEC.ticketSettings().rewindEpoch(SPEC.epochs());
        INDArray[] snapshot = new INDArray[1];
        denseRun = Trainer.train(dense, null, DATA, settings, s -> {
            if (s.epoch() == t) {
                snapshot[0] = dense.graph().params().dup();
            }
        });
        thetaT = snapshot[0];
    }

    private static Started start(TicketKind kind, int round) {
        return STARTS.get(kind + "@" + round);
    }

    private static TicketRow row(TicketKind kind, int round) {
        return result.tickets().stream().filter(t -> t.kind() == kind && t.round() == round).findFirst().orElseThrow();
    }

    /** {@code params} with the prunable weights multiplied by the mask, as a network would hold them. */
    private static INDArray masked(INDArray params, Mask mask) {
        dense.graph().setParams(params);
        mask.applyInPlace(dense.weights(PRUNABLE));
        return dense.graph().params().dup();
    }

    private static float[] layer(INDArray params, String layer) {
        dense.graph().setParams(params);
        return dense.weights(layer).castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Test
    void everyKindRunsOncePerRoundAndEveryTableGetsItsRows() {
        int kinds = SPEC.tickets().size();
        assertEquals(9, kinds);
        assertEquals(1 + ROUNDS * kinds, result.tickets().size());
        assertEquals(result.tickets().size() * PRUNABLE.size(), result.layers().size(), "one row per prunable layer");
        int t = SPEC.ticketSettings().rewindEpoch(SPEC.epochs());
        assertEquals(1, t);
        assertEquals(result.tickets().size() * SPEC.epochs() - ROUNDS * t, result.epochs().size(), "WR trains T - t");
        assertEquals(SPEC.epochs() - t, row(TicketKind.WR, 1).epochsTrained());
        assertEquals(List.of(2), result.epochs().stream().filter(e -> e.kind() == TicketKind.WR && e.round() == 1)
                .map(EpochRow::epoch).toList(), "WR's epochs are numbered as in the full run");
        for (TicketRow r : result.tickets()) {
            assertTrue(r.gradNormInit() > 0 && Double.isFinite(r.gradNormInit()), r.kind() + " grad norm");
            assertTrue(r.l2Distance() > 0 && r.cosineDistance() > 0 && r.cosineDistance() < 1, r.kind() + " distances");
            for (double rp : r.rp().values()) {
                assertTrue(rp > 0 && rp <= 1, r.kind() + " R_p " + rp);
            }
        }
    }

    @Test
    void theDenseRowReportsRpOfTheta0AndThetaT() {
        TicketRow d = row(TicketKind.DENSE, 0);
        assertEquals(denseRun.finalAccuracy(), d.finalAcc(), "the reproduced dense run is the runner's");
        float[] theta0fc2 = layer(start(TicketKind.DENSE, 0).params(), "fc2");
        float[] finalFc2 = layer(denseRun.finalParams(), "fc2");
        var overlap = WeightCorrelation.layer(theta0fc2, finalFc2, ones(theta0fc2.length));
        LayerRow fc2 = result.layers().stream().filter(l -> l.kind() == TicketKind.DENSE && l.layer().equals("fc2"))
                .findFirst().orElseThrow();
        assertEquals(overlap.rp(), fc2.rp());
        assertEquals(1, fc2.layerIndex());
        assertEquals(0.0, fc2.sparsity());
        assertNull(start(TicketKind.DENSE, 0).mask());
    }

    @Test
    void ltStartsFromTheta0TimesTheMaskAndRrFromAnotherDraw() {
        INDArray theta0 = start(TicketKind.DENSE, 0).params();
        for (int round = 1; round <= ROUNDS; round++) {
            Started lt = start(TicketKind.LT, round);
            assertEquals(masked(theta0, lt.mask()), lt.params());
            Started rr = start(TicketKind.RR, round);
            assertSameMask(lt.mask(), rr.mask());
            assertNotEquals(lt.params(), rr.params());
        }
    }

    @Test
    void wrStartsFromTheDenseWeightsAfterEpochTTimesTheMask() {
        for (int round = 1; round <= ROUNDS; round++) {
            Started wr = start(TicketKind.WR, round);
            Mask m = start(TicketKind.LT, round).mask();
            assertSameMask(m, wr.mask());
            assertEquals(masked(thetaT, m), wr.params(), "round " + round);
            assertNotEquals(start(TicketKind.LT, round).params(), wr.params());
        }
    }

    @Test
    void pfStartsFromThePrunedCheckpointTimesTheMask() {
        // Round 1 prunes the dense run's best checkpoint (prune.from = best).
        Started pf = start(TicketKind.PF, 1);
        assertSameMask(start(TicketKind.LT, 1).mask(), pf.mask());
        assertEquals(masked(denseRun.bestParams(), pf.mask()), pf.params());
        assertEquals(SPEC.epochs(), row(TicketKind.PF, 1).epochsTrained());
    }

    @Test
    void sdtHasAboutAsManyWeightsAsTheLotteryTicketHasAlive() {
        for (int round = 1; round <= ROUNDS; round++) {
            TicketRow lt = row(TicketKind.LT, round);
            TicketRow sdt = row(TicketKind.SDT, round);
            assertEquals(lt.aliveWeights(), sdt.aliveWeights(), 0.02 * lt.aliveWeights(), "round " + round);
            assertTrue(sdt.netWidth() < SPEC.width());
            assertEquals(1.0 - (double) sdt.aliveWeights() / sdt.prunableWeights(), sdt.sparsityAchieved(), 1e-12);
            assertNull(start(TicketKind.SDT, round).mask(), "SDT trains densely");
            final int r = round;
            long layerWeights = result.layers().stream().filter(l -> l.kind() == TicketKind.SDT && l.round() == r)
                    .mapToLong(LayerRow::size).sum();
            assertEquals(sdt.aliveWeights(), layerWeights);
        }
    }

    @Test
    void rtKeepsTheSmartRatioPerLayer() {
        // lenet300 is plain and its classifier is excluded: L = 2 prunable layers, q = (2^2 + 2) / 1^2 = 6 and
        // (1^2 + 1) / 2^2 = 0.5; keep_l = c q_l with c N1 6 + c N2 0.5 = alive (neither reaches 1 here).
        for (int round = 1; round <= ROUNDS; round++) {
            Mask lt = start(TicketKind.LT, round).mask();
            Mask rt = start(TicketKind.RT, round).mask();
            assertEquals(lt.alive(), rt.alive());
            double c = lt.alive() / (6.0 * rt.size("fc1") + 0.5 * rt.size("fc2"));
            assertEquals(6 * c, (double) rt.alive("fc1") / rt.size("fc1"), 1.0 / rt.size("fc1"));
            assertEquals(0.5 * c, (double) rt.alive("fc2") / rt.size("fc2"), 1.0 / rt.size("fc2"));
            assertEquals(masked(start(TicketKind.DENSE, 0).params(), rt), start(TicketKind.RT, round).params());
        }
    }

    @Test
    void theShufflesKeepPerLayerCountsAndSurvivingValues() {
        INDArray theta0 = start(TicketKind.DENSE, 0).params();
        for (int round = 1; round <= ROUNDS; round++) {
            Mask lt = start(TicketKind.LT, round).mask();
            Started sm = start(TicketKind.SM, round);
            Started si = start(TicketKind.SI, round);
            assertSameMask(lt, si.mask());
            assertNotEquals(lt.layer("fc1"), sm.mask().layer("fc1"), "SM moves the mask");
            assertEquals(masked(theta0, sm.mask()), sm.params(), "SM starts from θ0");
            for (String layer : PRUNABLE) {
                assertEquals(lt.alive(layer), sm.mask().alive(layer));
                float[] m = floats(lt.layer(layer));
                float[] survivors0 = survivors(layer(theta0, layer), m);
                float[] survivorsSi = survivors(layer(si.params(), layer), m);
                assertNotEquals(Arrays.toString(survivors0), Arrays.toString(survivorsSi), "SI permuted nothing");
                Arrays.sort(survivors0);
                Arrays.sort(survivorsSi);
                assertArrayEquals(survivors0, survivorsSi, layer + ": SI's survivors are θ0's, permuted");
            }
        }
    }

    /** A mask layer in the same logical order as {@link #layer(INDArray, String)}. */
    private static float[] floats(INDArray maskLayer) {
        return maskLayer.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static void assertSameMask(Mask expected, Mask actual) {
        assertEquals(List.copyOf(expected.layerNames()), List.copyOf(actual.layerNames()));
        for (String layer : expected.layerNames()) {
            assertEquals(expected.layer(layer), actual.layer(layer), "mask of " + layer);
        }
    }

    private static float[] survivors(float[] values, float[] mask) {
        float[] out = new float[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (mask[i] != 0f) {
                out[n++] = values[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }
}
