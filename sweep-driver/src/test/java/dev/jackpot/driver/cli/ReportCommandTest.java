package dev.jackpot.driver.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `sweep report` refuses bad input before starting Spark: status 2 and one line saying what is wrong. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private String report(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "report";
            System.arraycopy(args, 0, all, 1, args.length);
            assertEquals(Main.BAD_INPUT, Main.execute(all));
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void aFolderWithoutTablesIsNotASweep() {
        assertTrue(report(dir.toString()).contains("not a sweep output folder"));
    }

    @Test
    void onlyAnalysisSettingsCanBeOverriddenAndTheyAreValidated() throws IOException {
        Files.createDirectories(dir.resolve("trials"));
        Files.writeString(dir.resolve("sweep.conf"), "{ \"sweep\": { \"name\": \"x\" } }");
        assertTrue(report(dir.toString(), "--set", "grid.lr=[0.1]").contains("only takes analysis.* settings"));
        assertEquals("sweep: analysis.gap = -2: must be >= 0 (accuracy points)",
                report(dir.toString(), "--set", "analysis.gap=-2"));
        assertTrue(report(dir.toString(), "--set", "analysis.simlar.cifar10=1").contains("did you mean"));
    }

    @Test
    void aSavedSweepWithABadAnalysisBlockIsNamed() throws IOException {
        Files.createDirectories(dir.resolve("trials"));
        Files.writeString(dir.resolve("sweep.conf"), "{ \"analysis\": { \"min-seeds\": 0 } }");
        assertTrue(report(dir.toString()).contains("analysis.min-seeds"));
    }
}
