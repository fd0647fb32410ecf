package dev.znorm.experiment.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a method's gain depends on skip connections (claim C4): for a ResNet and its plain twin
 * of the same depth in one comparison, the per-seed difference of differences (method − baseline on
 * the ResNet) − (method − baseline on the plain net), with its 95% t interval. Pairing by seed is
 * sound because each seed fixes the data order for both networks.
 */
public final class ShortcutInteraction {

    private ShortcutInteraction() {}

    /** One method on one ResNet / plain pair. */
    public record Row(String pair, String method, PairedStats stats, String reading) {}

    /** The pairs found (each may have no row) and their rows. */
    public record Result(List<String> pairs, List<Row> rows) {
        public boolean isEmpty() {
            return pairs.isEmpty();
        }
    }

    /** The plain twin of a ResNet name ("resnet20" -> "plain20"), or null for other networks. */
    static String plainTwin(String model) {
        return model.startsWith("resnet") ? model.replaceFirst("^resnet", "plain") : null;
    }

    public static Result compute(
            Map<String, Map<String, List<RunRecord>>> runs, String baseline, String split) {
        List<String> pairs = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (String resnet : runs.keySet()) {
            String plain = plainTwin(resnet);
            if (plain == null || !runs.containsKey(plain)) {
                continue;
            }
            String pair = resnet + " vs " + plain;
            pairs.add(pair);
            Map<String, List<RunRecord>> withSkips = runs.get(resnet);
            Map<String, List<RunRecord>> without = runs.get(plain);
            for (String method : withSkips.keySet()) {
                if (method.equals(baseline) || !without.containsKey(method)) {
                    continue;
                }
                PairedStats s =
                        PairedStats.of(
                                differences(
                                        split,
                                        withSkips.get(method),
                                        withSkips.get(baseline),
                                        without.get(method),
                                        without.get(baseline)));
                rows.add(
                        new Row(
                                pair,
                                method,
                                s,
                                s.verdict()
                                        .reading(
                                                "larger with shortcuts",
                                                "smaller with shortcuts")));
            }
        }
        return new Result(pairs, rows);
    }

    public static Table table(Result r) {
        Table t =
                new Table(
                        List.of(
                                "networks",
                                "method",
                                "gain on the ResNet − gain on its plain twin (pp) [95% CI]",
                                "seeds",
                                "reading"));
        for (Row row : r.rows()) {
            t.add(
                    List.of(
                            row.pair(),
                            row.method(),
                            row.stats().interval(100, ".2f"),
                            String.valueOf(row.stats().n()),
                            row.reading()));
        }
        return t;
    }

    public static Map<String, Object> summary(Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        r.pairs().forEach(p -> out.put(p, new LinkedHashMap<String, Object>()));
        for (Row row : r.rows()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> pair = (Map<String, Object>) out.get(row.pair());
            pair.put(row.method(), row.stats().summary(row.reading()));
        }
        return out;
    }

    /** One value per seed at which all four runs finished. */
    private static double[] differences(
            String split,
            List<RunRecord> resMethod,
            List<RunRecord> resBase,
            List<RunRecord> plainMethod,
            List<RunRecord> plainBase) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < resMethod.size(); i++) {
            RunRecord a = resMethod.get(i);
            RunRecord b = resBase.get(i);
            RunRecord c = plainMethod.get(i);
            RunRecord d = plainBase.get(i);
            if (a.ok() && b.ok() && c.ok() && d.ok()) {
                out.add(
                        (a.finalValue(split) - b.finalValue(split))
                                - (c.finalValue(split) - d.finalValue(split)));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
