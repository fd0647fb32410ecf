package dev.znorm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads back the JSON lines this tool writes (metrics.jsonl, gradients.jsonl). */
final class MetricsLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsLines() {}

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON record: " + e.getOriginalMessage() + ": " + line, e);
        }
    }

    /**
     * The records of a JSON-lines file, blank lines left out, and the last line too when it is not
     * a whole record: a run killed in the middle of writing it, or one still writing it while a
     * report reads the file. Earlier lines are returned as they are (a damaged one fails where it
     * is parsed, naming it).
     */
    static List<String> readComplete(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList());
        if (!lines.isEmpty() && !isComplete(lines.get(lines.size() - 1))) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Whether the line is a whole JSON record (the last line of a file killed mid-write may not be). */
    static boolean isComplete(String line) {
        try {
            return JSON.readTree(line).isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** A top-level integer field of the record; a record without it is an error. */
    static long number(String line, String key) {
        JsonNode n = tree(line).get(key);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException("no '" + key + "' in record: " + line);
        }
        return n.asLong();
    }

    /** A number, NaN where it is missing or null (how non-finite values are written). */
    private static double real(JsonNode record, String key) {
        JsonNode n = record.get(key);
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /** A {split: number} object; null values read as NaN. */
    private static Map<String, Double> object(JsonNode record, String key) {
        Map<String, Double> out = new LinkedHashMap<>();
        record.path(key).fields().forEachRemaining(e -> out.put(e.getKey(), real(record.path(key), e.getKey())));
        return out;
    }

    static RunResult.EpochRecord parse(String line) {
        JsonNode r = tree(line);
        if (!r.path("epoch").isNumber() || !r.path("steps").isNumber()) {
            throw new IllegalArgumentException("no 'epoch' and 'steps' in record: " + line);
        }
        Map<String, Double> primary = object(r, "primary");
        return new RunResult.EpochRecord(r.get("epoch").asInt(), r.get("steps").asInt(), real(r, "train_loss"),
                primary.isEmpty() ? object(r, "accuracy") : primary, object(r, "eval_loss"), real(r, "epoch_seconds"));
    }
}
