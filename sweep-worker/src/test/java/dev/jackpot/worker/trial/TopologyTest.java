package dev.jackpot.worker.trial;

import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.train.SgdMomentum;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest {
    private static boolean skips(String arch, boolean residual) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.1)), 0.9);
        return Topology.hasSkipConnections(Networks.build(arch, 0.1, residual, new InputShape(1, 28, 28), 10, 1, updater, 0).graph());
    }

    @Test
    void skipConnectionsAreReadFromTheGraph() {
        assertTrue(skips("resmlp2", true));
        assertFalse(skips("resmlp2", false));
        assertFalse(skips("lenet300", true), "lenet300 has no blocks, whatever the residual setting says");
    }
}
