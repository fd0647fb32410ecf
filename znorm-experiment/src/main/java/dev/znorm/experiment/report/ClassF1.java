package dev.znorm.experiment.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.znorm.experiment.run.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * For two-class tasks (tumour vs benign), the F1 of each class at the end of training, which
 * accuracy and macro F1 hide when the classes are unbalanced (BreastMNIST: 27% malignant): mean ±
 * std over seeds and the paired difference to the baseline, read from each run's eval-last.json.
 */
public final class ClassF1 {

    private ClassF1() {}

    /** One method's level and difference for one class. */
    public record Cell(PairedStats level, PairedStats diff) {}

    /**
     * Per method (in order), per class (in order). Empty when the runs are not two-class
     * classification.
     */
    public record Result(List<String> classes, Map<String, Map<String, Cell>> byMethod) {
        public boolean isEmpty() {
            return classes.isEmpty();
        }
    }

    public static Result compute(
            Map<String, List<RunRecord>> byMethod, String baseline, String split)
            throws IOException {
        Map<Path, Map<String, Double>> f1 = new HashMap<>();
        List<String> classes = new ArrayList<>();
        for (List<RunRecord> runs : byMethod.values()) {
            for (RunRecord r : runs) {
                if (!r.ok()) {
                    continue;
                }
                Map<String, Double> perClass = read(new RunFolder(r.dir()), split);
                if (perClass.size() == 2) {
                    f1.put(r.dir(), perClass);
                    if (classes.isEmpty()) {
                        classes.addAll(perClass.keySet());
                    }
                }
            }
        }
        Map<String, Map<String, Cell>> out = new LinkedHashMap<>();
        if (classes.isEmpty()) {
            return new Result(classes, out);
        }
        List<RunRecord> base = byMethod.get(baseline);
        for (Map.Entry<String, List<RunRecord>> e : byMethod.entrySet()) {
            Map<String, Cell> cells = new LinkedHashMap<>();
            for (String c : classes) {
                ToDoubleFunction<RunRecord> of =
                        r -> f1.getOrDefault(r.dir(), Map.of()).getOrDefault(c, Double.NaN);
                cells.put(
                        c,
                        new Cell(
                                PairedStats.levels(e.getValue(), of),
                                PairedStats.between(e.getValue(), base, of)));
            }
            out.put(e.getKey(), cells);
        }
        return new Result(classes, out);
    }

    public static Table table(Result r, String baseline) {
        List<String> header = new ArrayList<>(List.of("method"));
        for (String c : r.classes()) {
            header.add("F1 " + c + " %");
            header.add("− " + baseline + " (pp) [95% CI]");
        }
        Table t = new Table(header);
        r.byMethod()
                .forEach(
                        (method, cells) -> {
                            List<String> row = new ArrayList<>(List.of(method));
                            for (String c : r.classes()) {
                                Cell cell = cells.get(c);
                                row.add(Formats.pct(cell.level()));
                                row.add(
                                        method.equals(baseline)
                                                ? "(baseline)"
                                                : cell.diff().interval(100, ".2f")
                                                        + " "
                                                        + cell.diff().verdict().higherIsBetter());
                            }
                            t.add(row);
                        });
        return t;
    }

    public static Map<String, Object> summary(Result r, String baseline) {
        Map<String, Object> out = new LinkedHashMap<>();
        r.byMethod()
                .forEach(
                        (method, cells) -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            cells.forEach(
                                    (c, cell) -> {
                                        Map<String, Object> cm = new LinkedHashMap<>();
                                        cm.put("mean", cell.level().mean());
                                        cm.put("std", cell.level().std());
                                        cm.put(
                                                "diff_to_baseline",
                                                method.equals(baseline)
                                                        ? Map.of()
                                                        : cell.diff()
                                                                .summary(
                                                                        cell.diff()
                                                                                .verdict()
                                                                                .higherIsBetter()));
                                        m.put(c, cm);
                                    });
                            out.put(method, m);
                        });
        return out;
    }

    /** Class name to F1 on the split, from the final evaluation; empty when absent. */
    private static Map<String, Double> read(RunFolder folder, String split) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        var evalLast = folder.readEvalLast();
        if (evalLast.isEmpty()) {
            return out;
        }
        JsonNode perClass = evalLast.get().path(split).path("per_class");
        perClass.fields()
                .forEachRemaining(
                        c -> out.put(c.getKey(), c.getValue().path("f1").asDouble(Double.NaN)));
        return out;
    }
}
