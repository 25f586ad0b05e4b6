package dev.jackpot.driver.table;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The schema version of a sweep folder's tables, in the file {@code _schema_version} next to them. Appending
 * rows of one schema to tables of another would leave tables no reader can read as one, so a driver refuses a
 * folder of another version before it writes anything.
 */
public final class SchemaMarker {
    public static final String FILE = "_schema_version";

    private SchemaMarker() {}

    /**
     * The version of the tables in {@code dir}: the marker's; without a marker, 1 if the folder has committed
     * trials (markers came with version 1, so unmarked tables are version 1); empty for a folder without tables.
     *
     * @throws IOException also when the marker does not hold a version
     */
    public static OptionalInt read(FileSystem fs, Path dir) throws IOException {
        Path marker = new Path(dir, FILE);
        if (fs.exists(marker)) {
            String text;
            try (FSDataInputStream in = fs.open(marker)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            try {
                return OptionalInt.of(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new IOException(marker + " does not hold a schema version: '" + text + "'");
            }
        }
        Path trials = new Path(dir, TrialsTable.NAME);
        boolean hasTables = fs.exists(trials) && fs.listStatus(trials, ResultStore::isBatchFile).length > 0;
        return hasTables ? OptionalInt.of(1) : OptionalInt.empty();
    }

    /** Writes this build's version, unless the folder already has a marker. */
    static void writeIfMissing(FileSystem fs, Path dir) throws IOException {
        Path marker = new Path(dir, FILE);
        if (!fs.exists(marker)) {
            try (FSDataOutputStream out = fs.create(marker, true)) {
                out.write((Tables.SCHEMA_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
