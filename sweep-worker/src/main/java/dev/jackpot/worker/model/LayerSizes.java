package dev.jackpot.worker.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight count of every weight layer of a network, from its name and width alone: no ND4J, nothing
 * allocated. The driver uses it to refuse a grid that prunes some layer to nothing before any Spark work, and the
 * worker to refuse a network too large for its memory before it builds one. It must agree with {@link Networks}
 * (tested), so a new architecture is added to both.
 */
public final class LayerSizes {
    private LayerSizes() {}

    /**
     * The weight layers of one network, input first, with the names the aliases of {@code prune.exclude} stand for.
     *
     * @param weights   layer name -> number of weights ("W" only; biases are never pruned)
     * @param firstConv the stem convolution, or null when there is none
     * @param lastDense the classifier
     */
    public record Layers(Map<String, Long> weights, String firstConv, String lastDense) {
        public Layers {
            weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }

        public long total() {
            return weights.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The layers pruning sees: all minus the exclusions, as {@link Network#prunableLayers} selects them. */
        public Map<String, Long> prunable(List<String> exclude) {
            Map<String, Long> out = new LinkedHashMap<>();
            weights.forEach((layer, n) -> {
                if (!Network.excluded(layer, exclude, firstConv, lastDense)) {
                    out.put(layer, n);
                }
            });
            return out;
        }
    }

    /**
     * @param inputSize  features per example (784 for 28x28 images)
     * @param numClasses outputs of the classifier
     * @throws IllegalArgumentException for a name {@link Architectures} does not know
     */
    public static Layers of(String architecture, double width, int inputSize, int numClasses) {
        Map<String, Long> w = new LinkedHashMap<>();
        int last;
        int blocks = Architectures.resmlpBlocks(architecture);
        if ("lenet300".equals(architecture)) {
            int h1 = Networks.scaled(300, width);
            int h2 = Networks.scaled(100, width);
            w.put("fc1", (long) inputSize * h1);
            w.put("fc2", (long) h1 * h2);
            last = h2;
        } else if (blocks > 0) {
            int hidden = Networks.scaled(Architectures.RESMLP_BASE_WIDTH, width);
            w.put("proj", (long) inputSize * hidden);
            for (int i = 1; i <= blocks; i++) {
                w.put("block" + i, (long) hidden * hidden);
            }
            last = hidden;
        } else {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "'; known: "
                    + Architectures.describeKnown());
        }
        w.put("out", (long) last * numClasses);
        return new Layers(w, null, "out");
    }
}
