package dev.jackpot.worker.trial;

import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.CifarFixtures;
import dev.jackpot.worker.data.DatasetRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole trial of a residual conv network on CIFAR-format files, read from disk as a sweep would. */
class CifarTrialTest {
    @TempDir
    Path dir;

    @Test
    void resnet8TrialRunsEndToEndOnCifarFiles() {
        CifarFixtures.writeDataset(dir, 8, 16);
        DatasetRef cifar = new DatasetRef("cifar-fixture", "cifar10", dir.toUri().toString());
        TrialSpec spec = Fixtures.spec("resnet8", true, 2, 4, cifar);

        TrialResult result = TrialRunner.run(spec, 1);

        assertEquals(TrialStatus.OK, result.status(), result.error());
        assertEquals(1 + 2 * 3, result.tickets().size(), "dense, then LT, RR, RP in each of 2 rounds");
        // Width 0.1: 2-4-8 channels. Prunable: every conv but the stem (first-conv), no classifier (last-dense):
        // stage 1: 2 * 2*2*9; stage 2: 2*4*9 + 4*4*9 + projection 2*4; stage 3: 4*8*9 + 8*8*9 + projection 4*8.
        long prunable = 2 * 36 + (72 + 144 + 8) + (288 + 576 + 32);
        for (TicketRow t : result.tickets()) {
            assertEquals(prunable, t.prunableWeights(), t.kind() + " round " + t.round());
            assertEquals(Math.round(prunable * Math.pow(0.8, t.round())), t.aliveWeights(),
                    t.kind() + " round " + t.round());
            assertEquals(2, t.epochsTrained());
            assertTrue(Double.isFinite(t.finalLoss()), t.kind() + " loss " + t.finalLoss());
            assertTrue(t.finalAcc() >= 0 && t.finalAcc() <= 1);
        }
        assertEquals(7 * 2, result.epochs().size());
    }
}
