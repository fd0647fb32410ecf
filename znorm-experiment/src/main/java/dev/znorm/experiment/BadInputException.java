package dev.znorm.experiment;

/**
 * A mistake in the user's input (an option, a config file, a dataset, an output folder), found
 * before any training starts. The message names the file or option and what is wrong; the command
 * line reports it as one line and exit code 2.
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
