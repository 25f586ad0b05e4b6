package dev.jackpot.worker.trial;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FullCollectionsTest {

    /** Runs {@code trials} trials through {@code slots} slots, each end followed by the next start; counts collections. */
    private static int collections(int slots, int trials, int[] longestStretchWithout) {
        FullCollections c = new FullCollections();
        int started = 0;
        for (; started < Math.min(slots, trials); started++) {
            c.started();
        }
        int collected = 0;
        int stretch = 0;
        for (int ended = 0; ended < trials; ended++) {
            if (c.ended()) {
                collected++;
                stretch = 0;
            } else {
                longestStretchWithout[0] = Math.max(longestStretchWithout[0], ++stretch);
            }
            if (started < trials) {
                c.started();
                started++;
            }
        }
        return collected;
    }

    @Test
    void oneTrialAtATimeCollectsAfterEveryTrial() {
        int[] stretch = {0};
        assertEquals(10, collections(1, 10, stretch));
        assertEquals(0, stretch[0]);
    }

    @Test
    void twoSlotsCollectOncePerTwoEndsAndAfterTheLast() {
        int[] stretch = {0};
        assertEquals(10, collections(2, 20, stretch));
        assertEquals(1, stretch[0]);
        assertEquals(11, collections(2, 21, new int[1]), "an odd last trial still collects");
    }

    @Test
    void manySlotsStopTheirTrialsOncePerRoundNotOncePerTrial() {
        int[] stretch = {0};
        // 9 rounds of 16 ends while all 16 slots are busy, then 4 as the last 16 trials drain: after 9 ends (8
        // still running), 4, 2 and 1. Once per trial would be 160.
        assertEquals(13, collections(16, 160, stretch));
        assertEquals(15, stretch[0], "at most one round of finished trials' garbage between collections");
    }

    @Test
    void theLastTrialOfASweepAlwaysCollects() {
        FullCollections c = new FullCollections();
        c.started();
        c.started();
        c.started();
        assertFalse(c.ended());
        assertTrue(c.ended(), "two ends with two running: a round");
        assertTrue(c.ended(), "nothing runs after it: its garbage would stay until the next sweep");
    }

    @Test
    void anAbandonedTrialDoesNotStretchLaterRounds() {
        FullCollections c = new FullCollections();
        c.started();
        c.ended();            // as TrialMemory.trialAbandoned does for an error that escapes a trial
        for (int i = 0; i < 5; i++) {
            c.started();
            assertTrue(c.ended(), "one trial at a time: every end collects");
        }
    }
}
