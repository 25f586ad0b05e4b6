package dev.jackpot.worker.trial;

import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.train.SgdMomentum;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallDenseTest {

    private static long prunableWeights(String arch, double width, boolean residual) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.1)), 0.9);
        Network net = Networks.build(arch, width, residual, new InputShape(1, 28, 28), 10, 1, updater, 0);
        return net.prunableLayers(List.of("first-conv", "last-dense")).stream()
                .mapToLong(l -> net.weights(l).length()).sum();
    }

    @Test
    void findsTheNearestCountOfAStepFunction() {
        // Weights = 100 * round(30 w)^2: steps at w = (k + 0.5) / 30.
        java.util.function.DoubleToLongFunction count = w -> 100L * Math.round(30 * w) * Math.round(30 * w);
        double w = SmallDense.width(40_000, 1.0, count);   // 20 units give exactly 40,000
        assertEquals(40_000, count.applyAsLong(w));
        double w2 = SmallDense.width(41_500, 1.0, count);  // 20 units: 40,000; 21 units: 44,100 -> 40,000 is nearer
        assertEquals(40_000, count.applyAsLong(w2));
        assertEquals(1.0, SmallDense.width(10_000_000, 1.0, count), "never wider than the dense network");
    }

    @Test
    void sdtMatchesTheTicketsAliveWeightsWithinTwoPercentAcrossImpRounds() {
        for (String arch : List.of("lenet300", "resmlp2")) {
            long dense = prunableWeights(arch, 1.0, true);
            for (int round = 1; round <= 8; round++) {
                long alive = Math.round(dense * Math.pow(0.8, round));
                double width = SmallDense.width(alive, 1.0, w -> prunableWeights(arch, w, true));
                long sdt = prunableWeights(arch, width, true);
                assertTrue(width < 1.0);
                assertEquals(alive, sdt, 0.02 * alive, arch + " round " + round + " at width " + width);
            }
        }
    }
}
