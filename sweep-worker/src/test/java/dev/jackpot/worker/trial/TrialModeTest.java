package dev.jackpot.worker.trial;

import dev.jackpot.worker.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The mode's place in a trial's identity, and the pruned-weight count of a run. */
class TrialModeTest {
    @Test
    void aSingleTrialKeepsTheCanonicalFormAndIdItHadBeforeModesExisted() {
        TrialSpec single = Fixtures.spec("resmlp1", true, 2, 1);
        assertEquals(TrialMode.SINGLE, single.mode());
        assertFalse(single.canonical().contains("mode"), single.canonical());
        // The canonical form of a single trial is the pre-mode one, key for key; so is its id.
        assertEquals(single.id(), single.withMode(TrialMode.SINGLE).id());
    }

    @Test
    void dataParallelAndItsWorkersArePartOfTheId() {
        TrialSpec single = Fixtures.spec("resmlp1", true, 2, 1);
        TrialSpec two = single.withMode(TrialMode.dataParallel(2));
        TrialSpec four = single.withMode(TrialMode.dataParallel(4));
        // Sorted keys: dp_workers lands before epochs, mode before momentum; nothing else changes.
        assertEquals(single.canonical().replace(";epochs=", ";dp_workers=2;epochs=")
                .replace(";momentum=", ";mode=data-parallel;momentum="), two.canonical());
        assertNotEquals(single.id(), two.id());
        assertNotEquals(two.id(), four.id());
        assertEquals(two.id(), single.withMode(TrialMode.dataParallel(2)).id());
    }

    @Test
    void aSingleTrialHasOneWorker() {
        assertThrows(IllegalArgumentException.class, () -> new TrialMode(TrialMode.Kind.SINGLE, 2));
        assertThrows(IllegalArgumentException.class, () -> TrialMode.dataParallel(0));
        assertEquals("data-parallel", TrialMode.dataParallel(3).label());
        assertEquals("single", TrialMode.SINGLE.label());
    }

    @Test
    void prunedNonzeroCountsOnlyNonZeroWeightsOutsideTheMask() {
        Map<String, float[]> mask = Map.of("a", new float[] {1, 0, 0, 1}, "b", new float[] {0, 0});
        Map<String, float[]> weights = Map.of("a", new float[] {0.5f, 0f, -1e-30f, 0f}, "b", new float[] {3f, -0f});
        // a[2] (a tiny non-zero) and b[0] were revived; a[1] and b[1] (negative zero) are pruned; a[3] is alive.
        assertEquals(2, TrialRunner.prunedNonzero(weights, mask));
    }
}
