package dev.jackpot.driver.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing a spec says is loaded as a class, or fetched: names are looked up in fixed registries (architectures,
 * ticket kinds, pruning methods, dataset formats, the Spark master URL's own parser), and HOCON includes are
 * local. Paths are covered by OutputLocationTest and BadInputTest.
 */
class SecurityTest {
    @TempDir
    Path dir;

    private String refused(String specText) throws IOException {
        Path spec = Files.writeString(dir.resolve("s.conf"), "run.output-root = \"" + dir + "\"\n" + specText);
        String err = BadInputTest.runCapturingStderr(2, "run", spec.toString());
        assertEquals(1, err.lines().count(), err);
        return err;
    }

    @Test
    void classNamesInTheSpecAreJustUnknownNames() throws IOException {
        assertTrue(refused("grid.architecture = [\"java.lang.Runtime\"]").contains("unknown architecture"));
        assertTrue(refused("tickets = [\"java.lang.Object\"]").contains("unknown ticket kind"));
        assertTrue(refused("grid.pruning-method = [\"dev.jackpot.worker.prune.PruningMethod\"]").contains("imp, omp"));
        Files.createDirectories(dir.resolve("d"));
        assertTrue(refused("datasets.d { format = \"com.example.Reader\", path = \"" + dir.resolve("d") + "\" }")
                .contains("must be one of idx, cifar10"));
    }

    @Test
    void includesOfUrlsAreRefused() throws IOException {
        String err = refused("include url(\"http://127.0.0.1:9/evil.conf\")\n");
        assertTrue(err.contains("include \"http://127.0.0.1:9/evil.conf\"") && err.contains("not URLs"), err);
        err = refused("include \"https://example.com/evil.conf\"\n");
        assertTrue(err.contains("not URLs"), err);
    }

    @Test
    void localIncludesStillWork() throws IOException {
        Files.writeString(dir.resolve("common.conf"), "grid.lr = [0.5, -1]\n");
        String err = refused("include \"common.conf\"\n");
        assertTrue(err.contains("grid.lr[1] = -1"), "the included file was read: " + err);
    }

    /**
     * No production code loads a class by a name it was given: no reflection API that takes a class name, and
     * Java deserialisation (which builds the classes a stream names) only behind an allowlist filter
     * (TrialCheckpoints: the checkpoint folder comes from the spec). If this fails, make sure the name cannot come
     * from a spec, then list the file here with the reason.
     */
    @Test
    void noMainSourceLoadsClassesByName() throws IOException {
        Pattern reflective = Pattern.compile("Class\\.forName|\\.loadClass\\(|ServiceLoader|\\.newInstance\\(|"
                + "getDeclaredConstructor|getConstructor\\(|MethodHandles|findClass|URLClassLoader");
        Pattern deserialising = Pattern.compile("new ObjectInputStream\\(");
        List<String> hits = new ArrayList<>();
        for (String module : List.of("../sweep-driver", "../sweep-worker")) {
            Path sources = Path.of(module, "src/main/java");
            assertTrue(Files.isDirectory(sources), sources.toAbsolutePath() + " (tests run in the module folder)");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    boolean filtered = lines.stream().anyMatch(l -> l.contains("setObjectInputFilter("));
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        if (reflective.matcher(line).find() || (deserialising.matcher(line).find() && !filtered)) {
                            hits.add(f + ":" + (i + 1) + ": " + line.trim());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), hits);
    }
}
