package dev.jackpot.driver.spec;

/**
 * A sweep spec the driver refuses. The message is one line meant for the user: it names the key (or the
 * file) and says what is allowed, e.g. {@code grid.lr[1] = -0.1: must be > 0}.
 */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
