package dev.jackpot.driver.analyze;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes the report's files (report.html, charts/*.png) into the sweep output folder through Hadoop's file system
 * API, so a report beside tables on HDFS or S3 works like a local one.
 */
public final class ReportFiles {
    public static final String CHARTS = "charts";

    private final FileSystem fs;
    private final Path root;

    public ReportFiles(String outputDir, Configuration conf) {
        this.root = new Path(outputDir);
        try {
            this.fs = root.getFileSystem(conf);
            fs.setWriteChecksum(false);  // no .report.html.crc files beside what a person opens
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + outputDir, e);
        }
    }

    /** Removes the charts of an earlier report, so the folder holds only what report.html shows. */
    void clearCharts() {
        try {
            fs.delete(new Path(root, CHARTS), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + new Path(root, CHARTS), e);
        }
    }

    /** Writes {@code bytes} to {@code relativePath} under the output folder, replacing any file there. */
    void write(String relativePath, byte[] bytes) {
        Path p = new Path(root, relativePath);
        try (OutputStream out = fs.create(p, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    /** Where {@code relativePath} is, for messages. */
    String where(String relativePath) {
        return new Path(root, relativePath).toString();
    }
}
