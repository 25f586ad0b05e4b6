package dev.jackpot.driver.spec;

import dev.jackpot.worker.model.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.jackpot.driver.spec.SpecFiles.load;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruningCapacityTest {
    @TempDir
    Path dir;

    private void check(String hocon) {
        PruningCapacity.check(load(dir, hocon).trials(), d -> new InputShape(1, 28, 28), 10);
    }

    @Test
    void maxRoundsIsTheLastRoundThatKeepsAWeight() {
        assertEquals(32, PruningCapacity.maxRounds(676, 0.8));   // round(676 * 0.8^32) = 1, ^33 gives 0
        assertEquals(8, PruningCapacity.maxRounds(3, 0.8));      // 3 * 0.8^8 = 0.503
        assertEquals(1, PruningCapacity.maxRounds(1, 0.5));      // 0.5 rounds half-up to 1; 0.25 does not
    }

    @Test
    void theSmallestPrunableLayerDecides() {
        // lenet300 at width 0.01: fc1 784 x 3, fc2 3 x 1 = 3 weights; the classifier is excluded by default.
        assertDoesNotThrow(() -> check("grid.width = [0.01]\nprune.rounds = 8"));
        String msg = assertThrows(SpecException.class, () -> check("grid.width = [0.01]\nprune.rounds = 9")).getMessage();
        assertTrue(msg.contains("layer fc2 (3 prunable weights)") && msg.contains("at most 8 rounds"), msg);
        // Excluding fc2 leaves fc1 (2352 weights), which holds many more rounds.
        assertDoesNotThrow(() -> check("grid.width = [0.01]\nprune { rounds = 9, exclude = [fc2, last-dense] }"));
    }

    @Test
    void everyArchitectureAndWidthOfTheGridIsChecked() {
        String msg = assertThrows(SpecException.class,
                () -> check("grid { architecture = [resmlp1, lenet300], width = [1, 0.01] }\nprune.rounds = 9"))
                .getMessage();
        assertTrue(msg.contains("lenet300 at width 0.01"), msg);
    }
}
