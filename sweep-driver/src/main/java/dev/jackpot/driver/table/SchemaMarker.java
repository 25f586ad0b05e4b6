package dev.jackpot.driver.table;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

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
     * The version of the tables in {@code dir}: the marker's; without a marker (folders written before it
     * existed), the {@code schema_version} of its committed trials, from a trials file's footer statistics;
     * empty for a folder without tables.
     *
     * @throws IOException also when neither the marker nor the footer tells the version
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
        FileStatus[] files = fs.exists(trials) ? fs.listStatus(trials, ResultStore::isBatchFile) : new FileStatus[0];
        return files.length == 0 ? OptionalInt.empty() : OptionalInt.of(fromFooter(fs, files[0].getPath()));
    }

    /** The schema_version column's value, from the min/max statistics Parquet keeps per row group. */
    private static int fromFooter(FileSystem fs, Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, fs.getConf()))) {
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                for (ColumnChunkMetaData column : block.getColumns()) {
                    Statistics<?> stats = column.getStatistics();
                    if (column.getPath().toDotString().equals("schema_version") && stats != null
                            && stats.hasNonNullValue() && stats.genericGetMin() instanceof Integer v) {
                        return v;
                    }
                }
            }
        }
        throw new IOException("no " + FILE + " and no schema_version statistics in " + file);
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
