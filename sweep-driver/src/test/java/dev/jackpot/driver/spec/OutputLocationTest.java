package dev.jackpot.driver.spec;

import com.typesafe.config.ConfigValueFactory;
import dev.jackpot.driver.spec.SpecReader.Item;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sweep.output is normalised and confined to run.output-root unless absolute paths are allowed. */
class OutputLocationTest {
    private static final Path CWD = Path.of("/work/project");

    private static Item<String> item(String key, String value) {
        return new Item<>(key, ConfigValueFactory.fromAnyRef(value), value);
    }

    private static String resolve(String output, String root, boolean allowAbsolute) {
        return OutputLocation.resolve(item("sweep.output", output), "s", item("run.output-root", root), allowAbsolute, CWD);
    }

    private static String refused(String output, String root, boolean allowAbsolute) {
        return assertThrows(SpecException.class, () -> resolve(output, root, allowAbsolute)).getMessage();
    }

    @Test
    void relativeOutputsAreNormalisedUnderTheRoot() {
        assertEquals("/work/project/results/s", resolve("results", ".", false));
        assertEquals("/work/project/b/s", resolve("./a/../b/", ".", false));
        assertEquals("/work/project/out/x/s", resolve("out//x", ".", false));
        assertEquals("/data/runs/results/s", resolve("results", "/data/runs", false));
        assertEquals("/work/runs/results/s", resolve("results", "../runs", false), "a relative root is the cwd's");
        assertEquals("/work/project/s", resolve(".", ".", false));
    }

    @Test
    void climbingOutOfTheRootIsRefusedEvenWhenAbsolutePathsAreAllowed() {
        for (boolean allow : new boolean[] {false, true}) {
            String msg = refused("../elsewhere", ".", allow);
            assertEquals("sweep.output = \"../elsewhere\": leaves the output root /work/project (run.output-root); "
                    + "write a folder inside it", msg);
            assertTrue(refused("a/../../..", "/data/runs", allow).contains("leaves the output root /data/runs"));
        }
    }

    @Test
    void absolutePathsAndUrisNeedPermission() {
        assertTrue(refused("/etc", ".", false).contains("an absolute path; outputs go under the output root "
                + "/work/project (run.output-root): give a path relative to it, or set run.allow-absolute-paths = true"));
        assertTrue(refused("hdfs://nn/results", ".", false).contains("run.allow-absolute-paths = true"));
        assertTrue(refused("file:///tmp/x", ".", false).contains("run.allow-absolute-paths = true"));
    }

    @Test
    void allowedAbsolutePathsAndUrisAreNormalised() {
        assertEquals("/tmp/b/s", resolve("/tmp/a/../b", ".", true));
        assertEquals("/tmp/x/s", resolve("file:///tmp/./x", ".", true));
        assertEquals("hdfs://nn/b/s", resolve("hdfs://nn/a/../b", ".", true));
    }

    @Test
    void aRemoteRootConfinesLikeALocalOne() {
        assertEquals("hdfs://nn/runs/results/s", resolve("results", "hdfs://nn/runs", false));
        assertEquals("hdfs://nn/runs/b/s", resolve("a/../b", "hdfs://nn/runs/", false));
        assertEquals("hdfs:///user/me/results/s", resolve("results", "hdfs:///user/me", false));
        assertTrue(refused("../x", "hdfs://nn/runs", false).contains("leaves the output root hdfs://nn/runs"));
    }
}
