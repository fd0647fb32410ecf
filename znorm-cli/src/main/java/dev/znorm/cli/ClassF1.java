package dev.znorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * For two-class tasks (tumour vs benign), the F1 of each class at the end of training, which
 * accuracy and macro F1 hide when the classes are unbalanced (BreastMNIST: 27% malignant): mean ±
 * std over seeds and the paired difference to the baseline, read from each run's eval-last.json.
 */
final class ClassF1 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassF1() {
    }

    /** The markdown table, or "" when the runs are not two-class classification. */
    static String section(CompareConfig cfg, Map<String, List<ComparisonReport.Run>> byMethod, Map<String, Object> summary)
            throws IOException {
        Map<Path, Map<String, Double>> f1 = new HashMap<>();
        List<String> classes = new ArrayList<>();
        for (List<ComparisonReport.Run> runs : byMethod.values()) {
            for (ComparisonReport.Run r : runs) {
                if (!r.ok()) {
                    continue;
                }
                Map<String, Double> perClass = read(r.dir().resolve("eval-last.json"), cfg.split());
                if (perClass.size() == 2) {
                    f1.put(r.dir(), perClass);
                    if (classes.isEmpty()) {
                        classes.addAll(perClass.keySet());
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("| method |");
        for (String c : classes) {
            t.append(" F1 ").append(c).append(" % | − ").append(cfg.baseline()).append(" (pp) [95% CI] |");
        }
        t.append("\n|---|").append("---|---|".repeat(classes.size())).append('\n');
        List<ComparisonReport.Run> base = byMethod.get(cfg.baseline());
        for (Map.Entry<String, List<ComparisonReport.Run>> e : byMethod.entrySet()) {
            t.append("| ").append(e.getKey()).append(" |");
            Map<String, Object> m = new LinkedHashMap<>();
            for (String c : classes) {
                java.util.function.ToDoubleFunction<ComparisonReport.Run> of =
                        r -> f1.getOrDefault(r.dir(), Map.of()).getOrDefault(c, Double.NaN);
                PairedStats level = PairedStats.of(e.getValue().stream().filter(ComparisonReport.Run::ok).mapToDouble(of).toArray());
                PairedStats diff = PairedStats.between(e.getValue(), base, of);
                boolean isBase = e.getKey().equals(cfg.baseline());
                t.append(String.format(Locale.ROOT, " %s | %s |", ComparisonReport.pct(level),
                        isBase ? "(baseline)" : diff.interval(100, ".2f") + " " + diff.verdict()));
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("mean", level.mean());
                cm.put("std", level.std());
                cm.put("diff_to_baseline", isBase ? Map.of() : diff.summary(diff.verdict()));
                m.put(c, cm);
            }
            t.append('\n');
            summary.put(e.getKey(), m);
        }
        return t.toString();
    }

    /** Class name to F1 on the split, from the final evaluation; empty when absent. */
    private static Map<String, Double> read(Path evalLast, String split) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.exists(evalLast)) {
            return out;
        }
        JsonNode perClass = JSON.readTree(evalLast.toFile()).path(split).path("per_class");
        perClass.fields().forEachRemaining(c -> out.put(c.getKey(), c.getValue().path("f1").asDouble(Double.NaN)));
        return out;
    }
}
