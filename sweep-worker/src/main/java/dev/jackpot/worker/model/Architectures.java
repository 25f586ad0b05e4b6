package dev.jackpot.worker.model;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry of network names a sweep may use. A name is parsed here, never loaded as a class.
 * <ul>
 *   <li>{@code lenet300}: LeNet-300-100, hidden sizes 300w and 100w.</li>
 *   <li>{@code resmlpN}: a projection to 256w units, then N equal-width dense blocks joined by identity
 *       skips when residual is on (plain stacked when off; same parameter count), then the classifier.</li>
 * </ul>
 */
public final class Architectures {
    private static final Pattern RESMLP = Pattern.compile("resmlp([1-9][0-9]?)");
    public static final int RESMLP_BASE_WIDTH = 256;

    private Architectures() {}

    public static boolean isKnown(String name) {
        return "lenet300".equals(name) || RESMLP.matcher(name).matches();
    }

    /** What {@link #isKnown} accepts, for error messages. */
    public static String describeKnown() {
        return "lenet300, resmlpN (N = 1..99 residual-capable dense blocks, e.g. resmlp4)";
    }

    public static List<String> examples() {
        return List.of("lenet300", "resmlp4");
    }

    /** Layers with weights from input to output: 3 for lenet300, N + 2 for resmlpN (a correlation factor). */
    public static int depth(String name) {
        int blocks = resmlpBlocks(name);
        if (blocks > 0) {
            return blocks + 2;
        }
        if ("lenet300".equals(name)) {
            return 3;
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + describeKnown());
    }

    /** Number of hidden blocks of a resmlp name, or -1 for other names. */
    static int resmlpBlocks(String name) {
        Matcher m = RESMLP.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
