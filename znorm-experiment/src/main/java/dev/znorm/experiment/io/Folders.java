package dev.znorm.experiment.io;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output folders, checked before any work so a bad one fails first and by name, and created only
 * when work starts (a failed check of the data leaves no empty folder behind).
 */
public final class Folders {

    private Folders() {}

    /**
     * Checks, without creating anything, that {@code dir} is (or can become) a folder this process
     * can write in: it is a directory, or its nearest existing ancestor is a writable directory.
     */
    public static void checkWritable(Path dir, String what) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new BadInputException(
                    "cannot write to " + what + " " + dir + ": no existing parent folder");
        }
        if (!Files.isDirectory(p)) {
            throw new BadInputException(
                    "cannot write to " + what + " " + dir + ": " + p + " is not a directory");
        }
        if (!Files.isWritable(p)) {
            throw new BadInputException(
                    "cannot write to " + what + " " + dir + ": " + p + " is not writable");
        }
    }

    /** Creates {@code dir} if needed and checks that a file can be written in it. */
    public static void requireWritable(Path dir, String what) {
        checkWritable(dir, what);
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
