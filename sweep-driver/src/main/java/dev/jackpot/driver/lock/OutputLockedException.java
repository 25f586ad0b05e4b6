package dev.jackpot.driver.lock;

/** Another driver is running on the same output folder: exit status 2, the message names it. */
public final class OutputLockedException extends RuntimeException {
    OutputLockedException(String message) {
        super(message);
    }
}
