package dev.znorm.experiment.io;

import dev.znorm.experiment.BadInputException;

/**
 * A folder another live process holds the lock of; a grid skips such a cell, a single run fails
 * naming the holder.
 */
public final class FolderInUseException extends BadInputException {

    private static final long serialVersionUID = 1L;

    public FolderInUseException(String message) {
        super(message);
    }
}
