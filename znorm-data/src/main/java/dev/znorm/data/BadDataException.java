package dev.znorm.data;

import java.nio.file.Path;

/** Input data that cannot be used: the message names the file and the problem. */
public final class BadDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadDataException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public BadDataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
