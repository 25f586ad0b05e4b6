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
        assertEquals("javacpp 0, per run " + 4 * GB, probe("-Xmx1g"));
        assertEquals("javacpp " + 3 * GB + ", per run 0",
                probe("-Xmx1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3g"));
        // A maxBytes of the user's sets JavaCPP's default physical limit too (maxBytes + 3 x heap): JavaCPP's.
        assertEquals("javacpp " + 5 * GB + ", per run 0", probe("-Xmx1g", "-Dorg.bytedeco.javacpp.maxBytes=2g"));
    }

    private static String probe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    /** What Main does first, then JavaCPP's limit as loaded and ours. */
    public static final class Probe {
        public static void main(String[] args) {
            NativeBuild.select();
            System.out.println("javacpp " + Pointer.maxPhysicalBytes() + ", per run " + NativeMemory.limitPerRun());
        }
    }
}
