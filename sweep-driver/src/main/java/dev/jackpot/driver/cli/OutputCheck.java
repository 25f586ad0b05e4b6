package dev.jackpot.driver.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on a sweep output folder given on the command line. */
final class OutputCheck {
    private OutputCheck() {}

    /** Local folders must exist and hold a trials table; remote URIs are left to Spark to read. */
    static void requireSweepFolder(String output) {
        if (output.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return;
        }
        Path dir = Path.of(output);
        if (!Files.isDirectory(dir.resolve("trials"))) {
            throw new BadInputException(output + ": not a sweep output folder (no trials/ table inside); "
                    + "give the folder a run wrote, e.g. results/quick");
        }
    }
}
