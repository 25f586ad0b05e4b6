package dev.jackpot.worker.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForklessLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void modeBitsMapToJavaPermissionsOneByOne() {
        assertEquals("rwxr-x---", PosixFilePermissions.toString(ForklessLocalFileSystem.posix((short) 0750)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(ForklessLocalFileSystem.posix((short) 0644)));
        assertEquals("--x-w-r--", PosixFilePermissions.toString(ForklessLocalFileSystem.posix((short) 0124)));
        assertEquals("---------", PosixFilePermissions.toString(ForklessLocalFileSystem.posix((short) 0)));
    }

    @Test
    void filesAndFoldersGetTheModesHadoopAsksFor() throws IOException {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
        conf.set("fs.permissions.umask-mode", "027");
        conf.setBoolean("fs.file.impl.disable.cache", true);   // this test's settings, not a cached instance's
        try (FileSystem fs = FileSystem.get(dir.toUri(), conf)) {
            assertInstanceOf(ForklessLocalFileSystem.class, fs);

            Path folder = new Path(dir.toUri().toString(), "a/b");
            assertTrue(fs.mkdirs(folder, new FsPermission((short) 0777)));
            assertEquals("rwxr-x---", mode(dir.resolve("a/b")), "0777 under umask 027");

            Path file = new Path(folder, "part-0");
            try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0666), true, 4096,
                    (short) 1, 1 << 20, null)) {
                out.writeUTF("ticket");
            }
            assertEquals("rw-r-----", mode(dir.resolve("a/b/part-0")));
            assertTrue(Files.exists(dir.resolve("a/b/.part-0.crc")), "still the checksummed local file system");

            fs.setPermission(file, new FsPermission((short) 0400));
            assertEquals("r--------", mode(dir.resolve("a/b/part-0")));
            assertEquals((short) 0400, fs.getFileStatus(file).getPermission().toShort());
        }
    }

    private static String mode(java.nio.file.Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
