package dev.jackpot.driver.cli;

import dev.jackpot.driver.spec.OutputLocation;
import dev.jackpot.driver.table.SchemaMarker;
import dev.jackpot.driver.table.Tables;
import dev.jackpot.worker.data.HadoopConf;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Checks on output folders, made before anything is written or Spark starts. */
final class OutputCheck {
    private OutputCheck() {}

    /**
     * For {@code run}: the sweep folder can be written (local folders; a remote one is found out by the first
     * write) and holds no tables of another schema version.
     */
    static void requireUsable(String sweepDir) {
        if (!OutputLocation.isRemote(sweepDir)) {
            requireWritable(Path.of(sweepDir));
        }
        requireSchema(sweepDir, "sweep.output: " + sweepDir,
                "; choose another sweep.name or sweep.output, or move that folder away");
    }

    /** For {@code sql} and {@code summary}: local folders must exist and hold a trials table of this schema. */
    static void requireSweepFolder(String output) {
        if (!OutputLocation.isRemote(output) && !Files.isDirectory(Path.of(output).resolve("trials"))) {
            throw new BadInputException(output + ": not a sweep output folder (no trials/ table inside); "
                    + "give the folder a run wrote, e.g. results/quick");
        }
        requireSchema(output, output, "; read it with the build that wrote it");
    }

    /** The folder, or the nearest folder above it that exists, can be written by this user. */
    private static void requireWritable(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String problem = existing == null ? "no part of it exists"
                : !Files.isDirectory(existing) ? existing + " is a file, not a folder"
                : !Files.isWritable(existing) ? "folder " + existing + " is not writable by this user"
                : null;
        if (problem == null && existing.equals(dir)) {
            problem = unwritableTable(dir);
        }
        if (problem != null) {
            throw new BadInputException("sweep.output: cannot write " + dir + ": " + problem
                    + "; choose a folder you can write (sweep.output under run.output-root)");
        }
    }

    private static String unwritableTable(Path dir) {
        for (String table : Tables.ALL.keySet()) {
            Path t = dir.resolve(table);
            if (Files.exists(t) && !(Files.isDirectory(t) && Files.isWritable(t))) {
                return t + (Files.isDirectory(t) ? " is not writable by this user" : " is not a folder");
            }
        }
        return null;
    }

    private static void requireSchema(String dir, String subject, String advice) {
        OptionalInt version;
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
            FileSystem fs = path.getFileSystem(HadoopConf.get());
            version = fs.exists(path) ? SchemaMarker.read(fs, path) : OptionalInt.empty();
        } catch (IOException e) {
            throw new BadInputException(subject + ": cannot read its schema version: " + e.getMessage());
        }
        if (version.isPresent() && version.getAsInt() != Tables.SCHEMA_VERSION) {
            throw new BadInputException(subject + " holds tables of schema version " + version.getAsInt()
                    + ", this build reads and writes version " + Tables.SCHEMA_VERSION + advice);
        }
    }
}
