package dev.jackpot.worker.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeBuildTest {
    @Test
    void oneDnnOnlyWhereItCanRun() {
        assertEquals("-onednn-avx2", NativeBuild.decide(null, "", "Linux", "amd64", () -> true, true).extension());
        assertEquals("", NativeBuild.decide(null, "", "Linux", "amd64", () -> false, true).extension(), "no AVX2");
        assertEquals("", NativeBuild.decide(null, "", "Linux", "amd64", () -> true, false).extension(), "portable jar");
        assertEquals("", NativeBuild.decide(null, "", "Mac OS X", "aarch64", () -> true, true).extension(), "macOS");
        assertEquals("", NativeBuild.decide(null, "portable", "Linux", "amd64", () -> true, true).extension());
        assertEquals("-avx2", NativeBuild.decide("-avx2", "", "Linux", "amd64", () -> false, true).extension(),
                "an explicit JavaCPP setting wins");
        assertTrue(NativeBuild.decide(null, "", "Linux", "amd64", () -> false, true).reason().contains("AVX2"));
    }
}
