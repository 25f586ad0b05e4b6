package dev.jackpot.driver.lock;

import dev.jackpot.driver.spec.OutputLocation;
import dev.jackpot.worker.data.HadoopConf;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One driver per output folder. Two drivers on one folder would both run the missing trials, commit them twice,
 * and each would roll back the other's half-written batches as crash leftovers.
 *
 * <p>The lock is the file {@code <output>/_lock}, created atomically (it exists or it does not), naming its
 * holder: host, pid, process start, and a random token. While the driver runs, a daemon thread touches the file
 * every {@code stale / 10} (the heartbeat) and checks the token is still its own. A driver that finds the lock
 * held refuses to start, unless the holder is dead: a holder on this host whose process is gone is taken over at
 * once (a driver killed with SIGKILL never removes its lock), one elsewhere once its heartbeat is older than
 * {@code stale}. A driver whose lock was taken over (it stalled longer than {@code stale}) stops before its next
 * commit: {@link #requireHeld()}.
 */
public final class OutputLock implements AutoCloseable {
    public static final String FILE = "_lock";
    private static final int TRIES = 5;

    private final LockFile file;
    private final LockHolder me;
    private final ScheduledExecutorService heartbeat;
    private volatile String lost;

    private OutputLock(LockFile file, LockHolder me, Duration stale) {
        this.file = file;
        this.me = me;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, stale.toMillis() / 10);
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock of {@code outputDir} (creating the folder), or throws {@link OutputLockedException} naming the
     * live holder. A takeover is reported on {@code log}.
     */
    public static OutputLock acquire(String outputDir, Duration stale, PrintStream log) {
        LockFile file = open(outputDir);
        LockHolder me = LockHolder.current();
        String takenOver = null;
        try {
            for (int i = 0; i < TRIES; i++) {
                if (file.createNew(me.toBytes())) {
                    if (takenOver != null) {
                        log.println("sweep: took over the lock " + file.where() + " " + takenOver);
                    }
                    return new OutputLock(file, me, stale);
                }
                byte[] content = file.read();
                long age = System.currentTimeMillis() - file.modified();
                if (content == null) {
                    continue; // released meanwhile
                }
                LockHolder holder = LockHolder.parse(content);
                String dead = holder != null && holder.deadOnThisHost() ? "its process is no longer running"
                        : age > stale.toMillis() ? "its heartbeat is " + seconds(age) + " old, older than "
                        + "run.lock-stale-seconds = " + stale.toSeconds() : null;
                if (dead == null) {
                    throw new OutputLockedException(outputDir + " is in use by another driver (" + describe(holder)
                            + ", last heartbeat " + seconds(age) + " ago; lock file " + file.where() + "): wait for it "
                            + "to finish. A dead driver's lock is taken over by the next run: at once on its own "
                            + "host, elsewhere once its heartbeat is older than run.lock-stale-seconds = "
                            + stale.toSeconds());
                }
                byte[] taken = file.takeAway(me.token());
                if (taken != null && !Arrays.equals(taken, content)) {
                    // Another driver took the stale lock over between our read and our move: give it back.
                    file.createNew(taken);
                } else {
                    takenOver = "from " + describe(holder) + ": " + dead;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file.where() + ": " + e.getMessage(), e);
        }
        throw new OutputLockedException(outputDir + ": other drivers keep taking the lock " + file.where()
                + "; run one driver per output folder");
    }

    /** @throws IllegalStateException if another driver has taken this lock over; call before committing */
    public void requireHeld() {
        if (lost == null) {
            try {
                LockHolder now = LockHolder.parse(file.read());
                if (now == null || !now.token().equals(me.token())) {
                    lost = "the lock " + file.where() + " is now held by " + describe(now);
                }
            } catch (IOException e) {
                lost = "cannot read the lock " + file.where() + ": " + e.getMessage();
            }
        }
        if (lost != null) {
            throw new IllegalStateException(lost + "; this driver stalled longer than run.lock-stale-seconds and "
                    + "stops without committing (its finished trials run again next time)");
        }
    }

    /** Stops the heartbeat and removes the lock if it is still this driver's. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            LockHolder now = LockHolder.parse(file.read());
            if (now != null && now.token().equals(me.token())) {
                file.delete();
            }
        } catch (IOException e) {
            // Left behind, the lock is taken over by the next run (its pid is gone); nothing to undo here.
        }
    }

    private void beat() {
        try {
            LockHolder now = LockHolder.parse(file.read());
            if (now == null || !now.token().equals(me.token())) {
                lost = "the lock " + file.where() + " is now held by " + describe(now);
                heartbeat.shutdown();
                return;
            }
            file.touch();
        } catch (IOException e) {
            // A missed beat; the next one tries again. Only a lock older than `stale` is taken over.
        }
    }

    private static LockFile open(String outputDir) {
        if (!OutputLocation.isRemote(outputDir)) {
            return new LocalLockFile(java.nio.file.Path.of(outputDir, FILE));
        }
        Path path = new Path(outputDir, FILE);
        try {
            return new HadoopLockFile(path.getFileSystem(HadoopConf.get()), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + outputDir + ": " + e.getMessage(), e);
        }
    }

    private static String describe(LockHolder h) {
        return h == null ? "a holder the lock file does not name" : h.describe();
    }

    private static String seconds(long millis) {
        return Math.max(0, millis / 1000) + "s";
    }
}
