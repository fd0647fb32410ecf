package dev.znorm.experiment.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON-lines files (metrics.jsonl, gradients.jsonl): one record per line, appended as a run goes.
 */
public final class JsonLines {

    private JsonLines() {}

    /**
     * The records of a JSON-lines file, blank lines left out, and the last line too when it is not
     * a whole record: a run killed in the middle of writing it, or one still writing it while a
     * report reads the file. Earlier lines are returned as they are (a damaged one fails where it
     * is parsed, naming it).
     */
    public static List<String> readComplete(Path file) throws IOException {
        List<String> lines =
                new ArrayList<>(
                        Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList());
        if (!lines.isEmpty() && !isComplete(lines.get(lines.size() - 1))) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * Whether the line is a whole JSON record (the last line of a file killed mid-write may not
     * be).
     */
    public static boolean isComplete(String line) {
        try {
            return Json.MAPPER.readTree(line).isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * A writer that appends to {@code file} (or starts it anew when {@code append} is false), never
     * following a link planted at its name.
     */
    public static Writer open(Path file, boolean append) throws IOException {
        return Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS);
    }
}
