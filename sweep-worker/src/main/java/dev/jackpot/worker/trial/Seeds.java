package dev.jackpot.worker.trial;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent seeds from the trial's seed and a purpose ("init-rr", "mask-rp", round...), so every
 * random choice is a function of the trial's settings alone and adding a ticket kind never shifts another's draws.
 */
public final class Seeds {
    private Seeds() {}

    public static long derive(long seed, String purpose, int round) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ b);
        }
        return mix(h ^ round);
    }

    /** SplitMix64's finaliser: a bijection with good avalanche. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
