package dev.znorm.experiment.grid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.znorm.experiment.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Typed settings of a YAML mapping, each error naming the file, the key and what it must be. */
final class YamlFields {

    private YamlFields() {}

    static String text(JsonNode root, String key, String dflt, Path file) {
        JsonNode n = root.get(key);
        if (n == null) {
            return dflt;
        }
        if (!n.isTextual() && !n.isNumber()) {
            throw new BadInputException(file + ": '" + key + "' must be a single value");
        }
        return n.asText();
    }

    static int integer(JsonNode root, String key, int dflt, int min, Path file) {
        JsonNode n = root.get(key);
        if (n == null) {
            return dflt;
        }
        if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > Integer.MAX_VALUE) {
            throw new BadInputException(
                    file
                            + ": '"
                            + key
                            + "' must be an integer >= "
                            + min
                            + ", got '"
                            + n.asText()
                            + "'");
        }
        return n.asInt();
    }

    static double number(JsonNode root, String key, double dflt, Path file) {
        JsonNode n = root.get(key);
        if (n == null) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw new BadInputException(
                    file + ": '" + key + "' must be a number, got '" + n.asText() + "'");
        }
        return n.asDouble();
    }

    static boolean bool(JsonNode root, String key, boolean dflt, Path file) {
        JsonNode n = root.get(key);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new BadInputException(
                    file + ": '" + key + "' must be true or false, got '" + n.asText() + "'");
        }
        return n.asBoolean();
    }

    static List<String> strings(JsonNode root, String key, Path file) {
        return stringList(root.get(key), key, file);
    }

    static List<String> stringList(JsonNode n, String key, Path file) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new BadInputException(file + ": '" + key + "' must be a non-empty list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) {
            out.add(v.asText());
        }
        if (new java.util.HashSet<>(out).size() != out.size()) {
            throw new BadInputException(file + ": '" + key + "' lists an entry twice: " + out);
        }
        return out;
    }
}
