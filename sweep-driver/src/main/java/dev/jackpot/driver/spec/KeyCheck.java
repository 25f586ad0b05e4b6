package dev.jackpot.driver.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Refuses keys the defaults do not have. Without this, a typo such as {@code grid.lrs} would be ignored
 * and the sweep would silently run with the default learning rate.
 */
final class KeyCheck {
    static final String DATASETS = "datasets";
    private static final List<String> DATASET_FIELDS = List.of("format", "path");
    /** Objects keyed by dataset names the user chooses: any name is a valid key inside them. */
    private static final Set<String> BY_DATASET = Set.of(AnalysisReader.SIMILAR, AnalysisReader.CHANCE);

    private KeyCheck() {}

    /**
     * Every leaf of {@code merged} must be a leaf of {@code reference}, except {@code datasets.<name>.format},
     * {@code datasets.<name>.path} and {@code analysis.similar|chance.<dataset>}. Checking the merged config (rather than the user's) sees keys after
     * substitutions are resolved; the reference's own keys pass trivially.
     */
    static void requireKnown(Config merged, Config reference) {
        Set<String> known = new TreeSet<>();
        Set<String> objects = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
            known.add(e.getKey());
            List<String> path = ConfigUtil.splitPath(e.getKey());
            for (int i = 1; i < path.size(); i++) objects.add(ConfigUtil.joinPath(path.subList(0, i)));
        }
        Map<String, ConfigValue> leaves = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : merged.entrySet()) leaves.put(e.getKey(), e.getValue());

        for (Map.Entry<String, ConfigValue> leaf : leaves.entrySet()) {
            String key = leaf.getKey();
            if (known.contains(key)) continue;
            List<String> path = ConfigUtil.splitPath(key);
            if (path.size() == 3 && BY_DATASET.contains(ConfigUtil.joinPath(path.subList(0, 2)))) continue;
            if (path.get(0).equals(DATASETS)) {
                checkDatasetKey(key, path, leaf.getValue());
            } else if (objects.contains(key)) {
                throw new SpecException(key + ": expected an object, got " + describe(leaf.getValue()));
            } else if (path.get(0).equals("jackpot")) {
                throw new SpecException("unknown key '" + key + "': write spec keys without the 'jackpot.' prefix");
            } else {
                throw unknown(key, known);
            }
        }
    }

    private static void checkDatasetKey(String key, List<String> path, ConfigValue value) {
        if (path.size() == 1) {
            throw new SpecException(key + ": expected an object of named datasets, got " + describe(value));
        }
        String base = ConfigUtil.joinPath(path.subList(0, 2));
        if (path.size() == 2) {
            throw new SpecException(key + ": expected an object { format = idx | cifar10, path = \"/dir/with/files\" }, got "
                    + describe(value));
        }
        if (path.size() == 3 && DATASET_FIELDS.contains(path.get(2))) return;
        throw unknown(key, DATASET_FIELDS.stream().map(f -> base + "." + f).toList());
    }

    private static SpecException unknown(String key, Collection<String> known) {
        String suggestion = closest(key, known);
        return new SpecException("unknown key '" + key + "'"
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
    }

    /**
     * The known key nearest by edit distance if it is near enough to be a typo; otherwise one with the same
     * last segment (so {@code momentum} suggests {@code train.momentum}); otherwise null.
     */
    static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, key.length() / 3)) return best;
        String last = lastSegment(key);
        return known.stream().filter(k -> lastSegment(k).equals(last)).findFirst().orElse(null);
    }

    private static String lastSegment(String key) {
        List<String> path = ConfigUtil.splitPath(key);
        return path.get(path.size() - 1);
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String describe(ConfigValue v) {
        return v.valueType() + " " + v.render(ConfigRenderOptions.concise());
    }
}
