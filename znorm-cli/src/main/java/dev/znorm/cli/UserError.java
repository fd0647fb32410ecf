package dev.znorm.cli;

/** A mistake in the user's input (option, file, config), reported as one line and exit code 2. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
