package dev.jackpot.driver.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's --help renders cleanly: picocli warns on stderr about a stray '%' in a description. */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutWarnings() {
        for (String command : new CommandLine(new Main()).getSubcommands().keySet()) {
            PrintStream out = System.out;
            ByteArrayOutputStream help = new ByteArrayOutputStream();
            System.setOut(new PrintStream(help, true, StandardCharsets.UTF_8));
            String err;
            try {
                err = BadInputTest.runCapturingStderr(0, command, "--help");
            } finally {
                System.setOut(out);
            }
            assertFalse(err.contains("WARN"), command + " --help: " + err);
            assertTrue(help.toString(StandardCharsets.UTF_8).contains("Usage: sweep " + command), command);
        }
    }
}
