package dev.jackpot.worker.model;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry of network names a sweep may use. A name is parsed here, never loaded as a class.
 * Every network scales its hidden widths by the trial's width multiplier.
 * <ul>
 *   <li>{@code lenet300}: LeNet-300-100, hidden sizes 300w and 100w.</li>
 *   <li>{@code resmlpN}: a projection to 256w units, then N equal-width dense blocks joined by identity
 *       skips when residual is on (plain stacked when off; same parameter count), then the classifier.</li>
 *   <li>{@code resnetD}, D = 6n + 2 (resnet8, resnet14, resnet20, resnet32, ...): the CIFAR ResNet of He et al.
 *       with three stages of n basic blocks of 16w, 32w, 64w channels; residual off removes every shortcut.</li>
 *   <li>{@code vgg11}, {@code vgg16}: the CIFAR VGG with BatchNorm and one dense classifier.</li>
 *   <li>{@code conv2}, {@code conv4}, {@code conv6}: Frankle and Carbin's small conv nets.</li>
 * </ul>
 * See {@link Networks} for the exact layers.
 */
public final class Architectures {
    public static final int RESMLP_BASE_WIDTH = 256;

    /** The families of networks; {@link Parsed#size} means a different thing in each (see {@link #parse}). */
    enum Family { LENET300, RESMLP, RESNET, VGG, CONV }

    /** A parsed name: its family and the number in it. */
    record Parsed(Family family, int size) {}

    private static final Pattern RESMLP = Pattern.compile("resmlp([1-9][0-9]?)");
    private static final Pattern RESNET = Pattern.compile("resnet([1-9][0-9]{0,2})");
    private static final Pattern VGG = Pattern.compile("vgg(11|16)");
    private static final Pattern CONV = Pattern.compile("conv([246])");

    private Architectures() {}

    public static boolean isKnown(String name) {
        return parse(name) != null;
    }

    /** What {@link #isKnown} accepts, for error messages. */
    public static String describeKnown() {
        return "lenet300, resmlpN (N = 1..99 residual-capable dense blocks, e.g. resmlp4), "
                + "resnetD (D = 6n+2: resnet8, resnet14, resnet20, resnet32, ...), vgg11, vgg16, conv2, conv4, conv6";
    }

    public static List<String> examples() {
        return List.of("lenet300", "resmlp4", "resnet20", "vgg16", "conv4");
    }

    /**
     * Whether the residual setting changes the network: only resmlpN and resnetD have skip connections to turn off.
     * For the others a residual axis would build the same network twice under two trial ids.
     */
    public static boolean hasSkipConnections(String name) {
        Parsed p = parse(name);
        return p != null && (p.family() == Family.RESMLP || p.family() == Family.RESNET);
    }

    /**
     * Depth, a correlation factor: the number of weight layers on the longest input-to-output path, as the
     * names count it. lenet300: 3; resmlpN: N + 2; resnetD: D (stem + 6n convs + classifier, shortcuts not
     * counted); convK: K + 3 (three dense layers). vggD: D, the literature's name, although this CIFAR variant
     * has one dense layer instead of three (9 and 14 weight layers).
     */
    public static int depth(String name) {
        Parsed p = parse(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + describeKnown());
        }
        return switch (p.family()) {
            case LENET300 -> 3;
            case RESMLP -> p.size() + 2;
            case RESNET, VGG -> p.size();
            case CONV -> p.size() + 3;
        };
    }

    /**
     * Parses a name, or returns null for an unknown one. {@code size}: blocks for resmlp, depth for resnet and
     * vgg, convolutions for conv, 0 for lenet300.
     */
    static Parsed parse(String name) {
        if ("lenet300".equals(name)) {
            return new Parsed(Family.LENET300, 0);
        }
        Matcher m;
        if ((m = RESMLP.matcher(name)).matches()) {
            return new Parsed(Family.RESMLP, Integer.parseInt(m.group(1)));
        }
        if ((m = RESNET.matcher(name)).matches()) {
            int depth = Integer.parseInt(m.group(1));
            return depth >= 8 && (depth - 2) % 6 == 0 ? new Parsed(Family.RESNET, depth) : null;
        }
        if ((m = VGG.matcher(name)).matches()) {
            return new Parsed(Family.VGG, Integer.parseInt(m.group(1)));
        }
        if ((m = CONV.matcher(name)).matches()) {
            return new Parsed(Family.CONV, Integer.parseInt(m.group(1)));
        }
        return null;
    }
}
