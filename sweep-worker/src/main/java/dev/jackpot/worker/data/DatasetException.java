package dev.jackpot.worker.data;

/**
 * A dataset cannot be found, read or understood. The message is one line that names the file or folder and says
 * what was expected, because it usually ends up in a driver error or a failed-trial record, far from the data.
 */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
