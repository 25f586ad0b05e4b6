package dev.jackpot.driver.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Typed reads of the merged spec that fail with a {@link SpecException} naming the key, instead of
 * typesafe-config's messages (which name the file line, not what the user should write).
 */
final class SpecReader {
    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();

    /**
     * How to read one scalar and how to name it in messages. Conversion reuses typesafe-config's own rules
     * (so "10" from an environment substitution still reads as a number) on a one-key holder config.
     */
    record Kind<T>(String singular, String plural, Function<Config, T> read) {
        static final Kind<String> STRING = new Kind<>("a string", "strings", c -> c.getString("v"));
        static final Kind<Double> NUMBER = new Kind<>("a number", "numbers", c -> c.getDouble("v"));
        static final Kind<Boolean> BOOLEAN = new Kind<>("a boolean", "booleans", c -> c.getBoolean("v"));
        static final Kind<Long> LONG = new Kind<>("an integer", "integers", SpecReader::wholeNumber);
        // typesafe's getInt would silently truncate 2.5 to 2, hence the own check.
        static final Kind<Integer> INT = new Kind<>("an integer", "integers", c -> Math.toIntExact(wholeNumber(c)));
    }

    /** One value as read: its label ({@code grid.lr} or {@code grid.lr[1]}) and raw form for messages. */
    record Item<T>(String label, ConfigValue raw, T value) {
        SpecException error(String problem) {
            return new SpecException(label + " = " + raw.render(CONCISE) + ": " + problem);
        }

        /** The value, if {@code ok} accepts it; otherwise a SpecException saying {@code problem}. */
        T require(Predicate<T> ok, String problem) {
            if (!ok.test(value)) throw error(problem);
            return value;
        }

        /** This item with its value converted; {@code convert} returns null for values it rejects. */
        <U> Item<U> convert(Function<T, U> convert, String problem) {
            U u = convert.apply(value);
            if (u == null) throw error(problem);
            return new Item<>(label, raw, u);
        }
    }

    private final Config config;

    SpecReader(Config config) {
        this.config = config;
    }

    boolean has(String key) {
        return config.hasPath(key);
    }

    <T> Item<T> scalar(String key, Kind<T> kind) {
        ConfigValue v = value(key, kind.singular());
        return new Item<>(key, v, convert(key, v, kind, kind.singular()));
    }

    /** A list; a scalar counts as a one-element list (and is labelled without an index). */
    <T> List<Item<T>> list(String key, Kind<T> kind) {
        ConfigValue v = value(key, "a list of " + kind.plural());
        if (v.valueType() != ConfigValueType.LIST) {
            return List.of(new Item<>(key, v, convert(key, v, kind, "a list of " + kind.plural())));
        }
        List<Item<T>> items = new ArrayList<>();
        ConfigList list = (ConfigList) v;
        for (int i = 0; i < list.size(); i++) {
            String label = key + "[" + i + "]";
            items.add(new Item<>(label, list.get(i), convert(label, list.get(i), kind, kind.singular())));
        }
        return items;
    }

    /** A grid axis: a non-empty list. */
    <T> List<Item<T>> axis(String key, Kind<T> kind) {
        List<Item<T>> items = list(key, kind);
        if (items.isEmpty()) throw new SpecException(key + ": empty axis; list at least one value");
        return items;
    }

    /**
     * The values of items, refusing repeats: a repeated grid value would run the same trial twice, and in
     * the other lists it is most likely a typo.
     */
    static <T> List<T> distinct(String key, List<Item<T>> items) {
        Set<T> seen = new HashSet<>();
        List<T> values = new ArrayList<>();
        for (Item<T> it : items) {
            if (!seen.add(it.value())) {
                throw new SpecException(key + ": " + it.raw().render(CONCISE) + " is listed twice; list each value once");
            }
            values.add(it.value());
        }
        return values;
    }

    private ConfigValue value(String key, String expected) {
        try {
            return config.getValue(key);
        } catch (ConfigException.Missing e) { // also ConfigException.Null
            throw new SpecException(key + ": is null or missing; expected " + expected, e);
        } catch (ConfigException.WrongType e) { // a parent of key is not an object
            throw new SpecException(key + ": " + e.getMessage(), e);
        }
    }

    private static <T> T convert(String label, ConfigValue v, Kind<T> kind, String expected) {
        try {
            return kind.read().apply(ConfigFactory.empty().withValue("v", v));
        } catch (ConfigException | ArithmeticException e) {
            throw new SpecException(label + ": expected " + expected + ", got " + v.valueType() + " " + v.render(CONCISE), e);
        }
    }

    private static long wholeNumber(Config holder) {
        Number n = holder.getNumber("v");
        if (n instanceof Integer || n instanceof Long) return n.longValue();
        double d = n.doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > 1e15) throw new ArithmeticException("not a whole number: " + n);
        return (long) d;
    }
}
