package dev.jackpot.driver.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test helpers: write a spec file into a temp folder and load it as the CLI would. */
final class SpecFiles {
    private SpecFiles() {}

    static Path write(Path dir, String hocon) {
        try {
            Path file = Files.createTempFile(dir, "spec", ".conf");
            Files.writeString(file, hocon);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SweepSpec load(Path dir, String hocon, String... overrides) {
        return SpecLoader.load(write(dir, hocon), List.of(overrides));
    }

    /** The message of the SpecException that loading {@code hocon} must throw. */
    static String error(Path dir, String hocon, String... overrides) {
        return assertThrows(SpecException.class, () -> load(dir, hocon, overrides)).getMessage();
    }
}
