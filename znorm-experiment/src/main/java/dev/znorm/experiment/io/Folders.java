package dev.znorm.experiment.io;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Output folders: created and probed before any work, so a bad one fails first and by name. */
public final class Folders {

    private Folders() {}

    /** Creates {@code dir} if needed and checks that a file can be written in it. */
    public static void requireWritable(Path dir, String what) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", AtomicFiles.TMP_SUFFIX);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new BadInputException(
                    "cannot write to " + what + " " + dir + ": " + e.getMessage());
        }
    }
}
