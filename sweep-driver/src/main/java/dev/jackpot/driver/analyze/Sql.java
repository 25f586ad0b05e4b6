package dev.jackpot.driver.analyze;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The analysis queries, read from {@code sql/<name>.sql} on the classpath: the same files the notebooks read
 * (sweep-driver/src/main/resources/sql), so the CLI and the notebooks cannot disagree.
 */
public final class Sql {
    private static final String MANIFEST = "analysis-views";

    private Sql() {}

    /** The text of {@code sql/<name>.sql}: one SELECT statement. */
    public static String load(String name) {
        return resource(name + ".sql");
    }

    /** The analysis views in registration order (sql/analysis-views.txt, comments and blank lines skipped). */
    public static List<String> views() {
        return resource(MANIFEST + ".txt").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String resource(String file) {
        try (InputStream in = Sql.class.getResourceAsStream("/sql/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /sql/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
