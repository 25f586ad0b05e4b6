package dev.jackpot.driver.run;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointRootTest {
    private final Configuration conf = new Configuration();

    @Test
    void relativeIsUnderTheOutputFolderAbsoluteAsWrittenEmptyIsOff() {
        String cwd = Path.of("").toAbsolutePath().toUri().getPath().replaceAll("/$", "");
        assertEquals("file:" + cwd + "/out/s/_checkpoints", SweepRunner.checkpointRoot("_checkpoints", "out/s", conf),
                "qualified, so executors in other working folders find it");
        assertEquals("file:/data/out/s/ck", SweepRunner.checkpointRoot("ck", "/data/out/s", conf));
        assertEquals("file:/scratch/ck", SweepRunner.checkpointRoot("/scratch/ck", "/data/out/s", conf));
        assertEquals("", SweepRunner.checkpointRoot("", "/data/out/s", conf));
    }
}
