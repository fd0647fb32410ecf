package dev.znorm.experiment.grid;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.io.FolderLock;
import dev.znorm.experiment.io.Json;
import dev.znorm.experiment.io.LockHolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A grid's own files (its config.yaml copy, its reports), written by whichever of the processes
 * working on the grid gets there, one at a time: each write is atomic, and holds the grid folder's
 * lock for its duration so two reports are never built from two states at once.
 */
public final class GridFolder {

    /** The copy of the grid's config beside its runs. */
    public static final String CONFIG = "config.yaml";

    private static final long WAIT_MILLIS = 120_000;

    private GridFolder() {}

    /**
     * Copies the grid's config into its folder, with the threads and device the command line chose
     * in place of the file's, so that the copy describes the runs, and a relative data path
     * rewritten to lead from the folder to the same data.
     */
    static void writeConfig(GridSpec spec, Path out) throws IOException {
        String text = Files.readString(spec.file(), StandardCharsets.UTF_8);
        GridSpec asWritten = GridSpecReader.read(spec.file());
        if (asWritten.threads() != spec.threads()) {
            text = fromCommandLine(text, "threads", String.valueOf(spec.threads()));
        }
        if (!asWritten.device().equals(spec.device())) {
            text = fromCommandLine(text, "device", spec.device());
        }
        if (!asWritten.seeds().equals(spec.seeds())) {
            text = fromCommandLine(text, "seeds", spec.seeds().toString());
        }
        String data = spec.placedIn(out).dataAsWritten();
        if (!data.equals(asWritten.dataAsWritten())) {
            String quoted = Json.MAPPER.writeValueAsString(data); // any character reads back
            String original = GridSpec.pathFrom(out, spec.file());
            text =
                    replaceKey(
                            text,
                            "data",
                            quoted,
                            "rebased onto this folder from '"
                                    + asWritten.dataAsWritten()
                                    + "' in "
                                    + original);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        underLock(
                out,
                "copying the grid config",
                () -> AtomicFiles.write(out.resolve(CONFIG), bytes));
    }

    private static String fromCommandLine(String yaml, String key, String value) {
        return replaceKey(yaml, key, value, "--" + key + " on the command line");
    }

    /**
     * The YAML text with its top-level {@code key} (on one line) set to {@code value}, with a
     * comment saying where the value comes from.
     */
    static String replaceKey(String yaml, String key, String value, String comment) {
        // the key's line and the lines that continue its value (indented, or a block list's "- ")
        String without =
                yaml.replaceAll(
                        "(?m)^" + key + "\\s*:[^\\n]*(\\n(?:[ \\t]+[^\\n]*|-[^\\n]*))*(\\n|$)", "");
        return (without.isEmpty() || without.endsWith("\n") ? without : without + "\n")
                + key
                + ": "
                + value
                + "  # "
                + comment
                + "\n";
    }

    /** Something done with the grid's files. */
    @FunctionalInterface
    public interface Work {
        void run() throws IOException;
    }

    /**
     * Runs {@code work} holding the grid folder's lock, waiting for another process's write to end.
     */
    @SuppressWarnings("try") // the lock is held for the try block, not used in it
    public static void underLock(Path out, String what, Work work) throws IOException {
        Files.createDirectories(out);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            Optional<FolderLock> lock = FolderLock.tryAcquire(out, "znorm grid: " + what, m -> {});
            if (lock.isPresent()) {
                try (FolderLock held = lock.get()) {
                    work.run();
                    return;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException(
                        "the grid folder "
                                + out
                                + " stayed locked by "
                                + FolderLock.holder(out)
                                        .map(LockHolder::describe)
                                        .orElse("another process")
                                + " for "
                                + WAIT_MILLIS / 1000
                                + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + out, e);
            }
        }
    }
}
