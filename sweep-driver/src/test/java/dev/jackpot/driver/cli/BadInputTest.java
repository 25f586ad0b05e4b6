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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input through the real command line: status 2, one line naming the key, nothing written. */
class BadInputTest {
    @TempDir
    Path dir;

    private String run(int expectedStatus, String specText, String... extra) throws IOException {
        Path spec = dir.resolve("bad.conf");
        Files.writeString(spec, "sweep.output = \"" + dir.resolve("out").toString().replace("\\", "/") + "\"\n" + specText);
        String[] args = new String[2 + extra.length];
        args[0] = "run";
        args[1] = spec.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectedStatus, Main.execute(args));
        } finally {
            System.setErr(original);
        }
        assertFalse(Files.exists(dir.resolve("out")), "bad input must write nothing");
        return err.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() throws IOException {
        String message = run(2, "grid.lrs = [0.1]\n");
        assertTrue(message.contains("grid.lrs") && message.contains("grid.lr"), message);
        assertEquals(1, message.lines().count(), "one line: " + message);
    }

    @Test
    void negativeLearningRateIsNamed() throws IOException {
        String message = run(2, "grid.lr = [0.1, -0.1]\n");
        assertTrue(message.contains("grid.lr"), message);
        assertTrue(message.contains("> 0"), message);
    }

    @Test
    void overrideIsValidatedToo() throws IOException {
        String message = run(2, "", "--set", "grid.epochs=[0]");
        assertTrue(message.contains("grid.epochs"), message);
    }

    @Test
    void aGridLargerThanTheLimitNeedsYes() throws IOException {
        String message = run(2, "grid.seed = [1, 2, 3]\nrun.max-trials = 2\n");
        assertTrue(message.contains("run.max-trials") && message.contains("--yes"), message);
    }

    @Test
    void missingSpecFileIsNamed() throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.execute("plan", dir.resolve("nope.conf").toString()));
        } finally {
            System.setErr(original);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nope.conf"));
    }
}
