package dev.znorm.experiment.report;

import dev.znorm.experiment.task.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZNorm against each alternative directly (claim C3): the per-seed difference of the final metric,
 * ZNorm's run minus the other method's run at the same seed, with its 95% t and bootstrap
 * intervals, and the reading corrected for the table's comparisons (Holm). Comparing both with the
 * baseline is not enough: two intervals that each exclude 0 say nothing about which of the two
 * methods is ahead.
 */
public final class HeadToHead {

    private HeadToHead() {}

    /**
     * The ZNorm method against one other: the difference, its Holm-corrected p-value over the
     * table's comparisons and the corrected reading.
     */
    public record Row(String other, PairedStats diff, double holmP, String reading) {}

    /** Empty rows when there is no ZNorm method or nothing else to hold it against. */
    public record Result(String champion, List<Row> rows) {
        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    /** Whether a method spec uses ZNorm in any form. */
    public static boolean isZNorm(String method) {
        return method.contains("znorm");
    }

    /**
     * The ZNorm method the others are held against: "znorm+" + the baseline when run, else the
     * first with ZNorm.
     */
    public static String champion(Iterable<String> methods, String baseline) {
        String plain = "znorm+" + baseline;
        String first = null;
        for (String m : methods) {
            if (m.equals(plain)) {
                return plain;
            }
            if (first == null && isZNorm(m) && !m.equals(baseline)) {
                first = m;
            }
        }
        return first;
    }

    public static Result compute(
            Map<String, List<RunRecord>> byMethod, String baseline, String split) {
        String znorm = champion(byMethod.keySet(), baseline);
        List<Row> rows = new ArrayList<>();
        if (znorm == null) {
            return new Result(null, rows);
        }
        List<String> others = new ArrayList<>();
        List<PairedStats> diffs = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> e : byMethod.entrySet()) {
            if (!e.getKey().equals(znorm) && !e.getKey().equals(baseline)) {
                others.add(e.getKey());
                diffs.add(
                        PairedStats.between(
                                byMethod.get(znorm), e.getValue(), r -> r.finalValue(split)));
            }
        }
        double[] holm = Holm.adjust(diffs.stream().mapToDouble(PairedStats::pValue).toArray());
        for (int i = 0; i < others.size(); i++) {
            PairedStats d = diffs.get(i);
            Verdict corrected = d.verdictAt(holm[i]);
            String reading = corrected.reading(znorm + " ahead", others.get(i) + " ahead");
            if (corrected != d.verdict()) {
                reading +=
                        " ("
                                + d.verdict().reading(znorm + " ahead", others.get(i) + " ahead")
                                + " uncorrected)";
            }
            rows.add(new Row(others.get(i), d, holm[i], reading));
        }
        return new Result(znorm, rows);
    }

    public static Table table(Result r, MetricNames metrics) {
        Table t =
                new Table(
                        List.of(
                                "other method",
                                "final "
                                        + metrics.primaryLabel()
                                        + ": "
                                        + r.champion()
                                        + " − other (pp) [95% t CI]",
                                "95% bootstrap CI",
                                "P(" + r.champion() + " ahead)",
                                "p (Holm)",
                                "seeds",
                                "reading (Holm)"));
        for (Row row : r.rows()) {
            t.add(
                    List.of(
                            row.other(),
                            row.diff().interval(100, ".2f"),
                            row.diff().bootstrapRange(100, ".2f"),
                            row.diff().probabilityText(),
                            Formats.p(row.holmP()),
                            String.valueOf(row.diff().n()),
                            row.reading()));
        }
        return t;
    }

    public static Map<String, Object> summary(Result r) {
        Map<String, Object> against = new LinkedHashMap<>();
        for (Row row : r.rows()) {
            Map<String, Object> s = row.diff().summary(row.reading());
            s.put("p_holm", row.holmP());
            against.put(row.other(), s);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.champion());
        m.put("against", against);
        return m;
    }
}
