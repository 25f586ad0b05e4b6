package dev.jackpot.worker.backend;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NativeMemoryTest {
    private static final long GB = 1L << 30;

    @Test
    void takesOverJavacppsDefaultLimitOnlyWhereTheUserSetNone() {
        // JavaCPP's default maxPhysicalBytes: maxBytes (the heap) + 3 x the heap.
        assertEquals(16 * GB, NativeMemory.limitPerRun(false, 4 * GB));
        assertEquals(0, NativeMemory.limitPerRun(true, 4 * GB));
    }

    /** A fresh JVM, as Main and every executor start: JavaCPP not loaded yet when the build is selected. */
    @Test
    void javacppChecksNoAllocationInAFreshJvmUnlessTheUserSetALimit() throws Exception {
        // Runtime.maxMemory() is a little under -Xmx with some collectors: the probe reports its own.
        String[] unset = probe("-Xmx1g");
        long heap = Long.parseLong(unset[2]);
        assertEquals("javacpp 0, per run " + 4 * heap, unset[0] + ", " + unset[1]);
        String[] physical = probe("-Xmx1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3g");
        assertEquals("javacpp " + 3 * GB + ", per run 0", physical[0] + ", " + physical[1]);
        // A maxBytes of the user's sets JavaCPP's default physical limit too (maxBytes + 3 x heap): JavaCPP's.
        String[] bytes = probe("-Xmx1g", "-Dorg.bytedeco.javacpp.maxBytes=2g");
        assertEquals("javacpp " + (2 * GB + 3 * Long.parseLong(bytes[2])) + ", per run 0", bytes[0] + ", " + bytes[1]);
    }

    /** {"javacpp N", "per run N", heap} as the probe JVM saw them. */
    private static String[] probe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out.lines().reduce((a, b) -> b).orElse("").split(", ");
    }

    /** What Main does first, then JavaCPP's limit as loaded, ours, and the heap. */
    public static final class Probe {
        public static void main(String[] args) {
            NativeBuild.select();
            System.out.println("javacpp " + Pointer.maxPhysicalBytes() + ", per run " + NativeMemory.limitPerRun()
                    + ", " + Runtime.getRuntime().maxMemory());
        }
    }
}
