package dev.jackpot.driver.cli;

/** A command-line argument that cannot be used (a missing output folder, say): exit status 2. */
final class BadInputException extends RuntimeException {
    BadInputException(String message) {
        super(message);
    }
}
