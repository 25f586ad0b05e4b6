package dev.jackpot.driver.run;

import java.io.PrintStream;
import java.time.Duration;

/** One line per finished trial on stderr: done / total, failed, elapsed, ETA from the mean pace so far. */
final class Progress {
    private final PrintStream out;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private int failed;
    private int diverged;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    synchronized void finished(String trialId, String status) {
        done++;
        if ("failed".equals(status)) {
            failed++;
        } else if ("diverged".equals(status)) {
            diverged++;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Duration eta = elapsed.multipliedBy(total - done).dividedBy(Math.max(1, done));
        out.printf("[%d/%d] trial %s %s | failed %d, diverged %d | elapsed %s, ETA %s%n", done, total, trialId,
                status, failed, diverged, format(elapsed), done == total ? "0s" : format(eta));
    }

    synchronized int failed() {
        return failed;
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
