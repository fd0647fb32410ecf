package dev.znorm.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back the metrics.jsonl lines this tool writes (a fixed, flat shape; no general JSON parser needed). */
final class MetricsLines {

    private MetricsLines() {}

    static long number(String line, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?[0-9.eE+-]+)").matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("no '" + key + "' in record: " + line);
        }
        return (long) Double.parseDouble(m.group(1));
    }

    private static double real(String line, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(null|-?[0-9.eE+-]+)").matcher(line);
        if (!m.find() || m.group(1).equals("null")) {
            return Double.NaN;
        }
        return Double.parseDouble(m.group(1));
    }

    private static Map<String, Double> object(String line, String key) {
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\{([^}]*)}").matcher(line);
        if (m.find()) {
            Matcher kv = Pattern.compile("\"([^\"]+)\":(null|-?[0-9.eE+-]+)").matcher(m.group(1));
            while (kv.find()) {
                out.put(kv.group(1), kv.group(2).equals("null") ? Double.NaN : Double.parseDouble(kv.group(2)));
            }
        }
        return out;
    }

    static RunResult.EpochRecord parse(String line) {
        Map<String, Double> primary = object(line, "primary");
        return new RunResult.EpochRecord((int) number(line, "epoch"), (int) number(line, "steps"),
                real(line, "train_loss"), primary.isEmpty() ? object(line, "accuracy") : primary, object(line, "eval_loss"),
                real(line, "epoch_seconds"));
    }
}
