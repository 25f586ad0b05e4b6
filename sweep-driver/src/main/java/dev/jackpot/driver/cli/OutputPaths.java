package dev.jackpot.driver.cli;

import dev.jackpot.driver.spec.SweepSpec;

/** Output locations as strings, so Hadoop URIs (hdfs://, s3a://) pass through untouched. */
final class OutputPaths {
    private OutputPaths() {}

    static String sweepDir(SweepSpec spec) {
        String root = spec.outputRoot();
        return (root.endsWith("/") ? root : root + "/") + spec.name();
    }
}
