package dev.jackpot.driver.lock;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * Who holds an output lock, as written into the lock file (Java properties, readable by people).
 *
 * @param host         host name of the driver
 * @param pid          its process id
 * @param processStart when that process started (epoch ms; -1 if unknown): with the pid, tells a live holder
 *                     from a new process that happens to reuse the pid
 * @param started      when it took the lock (ISO-8601), for people
 * @param token        random, unique to this acquisition: how a driver recognises its own lock
 */
record LockHolder(String host, long pid, long processStart, String started, String token) {

    /** This process, taking a lock now. */
    static LockHolder current() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        return new LockHolder(localHost(), self.pid(), start, Instant.now().toString(), UUID.randomUUID().toString());
    }

    /** Whether the holder runs on this host but its process is gone (or the pid now belongs to another process). */
    boolean deadOnThisHost() {
        if (!host.equals(localHost())) {
            return false;
        }
        return ProcessHandle.of(pid)
                .map(p -> processStart >= 0 && p.info().startInstant().map(Instant::toEpochMilli)
                        .map(s -> s != processStart).orElse(false))
                .orElse(true);
    }

    String describe() {
        return "host " + host + ", pid " + pid + ", since " + started;
    }

    byte[] toBytes() {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("process-start", Long.toString(processStart));
        p.setProperty("started", started);
        p.setProperty("token", token);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, "jackpot driver lock: one driver per output folder (see docs/ARCHITECTURE.md)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The holder a lock file names, or null when it names none (empty, being written, or edited by hand). */
    static LockHolder parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(bytes));
            return new LockHolder(p.getProperty("host"), Long.parseLong(p.getProperty("pid")),
                    Long.parseLong(p.getProperty("process-start", "-1")), p.getProperty("started", "?"),
                    p.getProperty("token"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
