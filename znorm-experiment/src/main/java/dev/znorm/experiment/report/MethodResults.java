package dev.znorm.experiment.report;

import dev.znorm.experiment.task.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The headline table of one network: for each method, mean ± std over seeds of the final, best and
 * last-3 metric, the paired difference to the baseline with its 95% t and bootstrap intervals, the
 * probability of improvement and the verdict corrected for the table's comparisons (Holm), the
 * second metric (and ROC AUC for two classes), epochs and time to the target, wall time, skipped
 * steps.
 */
public final class MethodResults {

    private MethodResults() {}

    /** One method's row. */
    public record Row(
            String method,
            boolean baseline,
            PairedStats fin,
            PairedStats best,
            PairedStats last3,
            PairedStats diff,
            PairedStats secondary,
            PairedStats auc,
            PairedStats aucDiff,
            int reached,
            double epochsToTarget,
            double secondsToTarget,
            double wallSeconds,
            long skipped,
            long ok,
            List<RunRecord> runs,
            double holmP,
            Verdict verdict) {

        /**
         * The verdict column: the Holm-corrected verdict, and the uncorrected one where it differs.
         */
        public String reading() {
            String corrected = verdict.higherIsBetter();
            Verdict alone = diff.verdict();
            return alone == verdict
                    ? corrected
                    : corrected + " (" + alone.higherIsBetter() + " uncorrected)";
        }
    }

    /** The rows, and whether the task has two classes (then ROC AUC is shown). */
    public record Result(List<Row> rows, boolean twoClass) {}

    public static Result compute(
            Map<String, List<RunRecord>> byMethod,
            String baseline,
            String split,
            double target,
            MetricNames metrics) {
        List<RunRecord> base = byMethod.get(baseline);
        boolean twoClass =
                byMethod.values().stream()
                        .flatMap(List::stream)
                        .anyMatch(
                                r ->
                                        !r.epochs().isEmpty()
                                                && r.epochs()
                                                        .get(r.epochs().size() - 1)
                                                        .extra()
                                                        .getOrDefault("roc_auc", Map.of())
                                                        .containsKey(split));
        List<Row> rows = new ArrayList<>();
        double[] p =
                byMethod.keySet().stream()
                        .mapToDouble(
                                m ->
                                        m.equals(baseline)
                                                ? Double.NaN
                                                : PairedStats.between(
                                                                byMethod.get(m),
                                                                base,
                                                                r -> r.finalValue(split))
                                                        .pValue())
                        .toArray();
        double[] holm = Holm.adjust(p);
        int k = 0;
        for (Map.Entry<String, List<RunRecord>> e : byMethod.entrySet()) {
            PairedStats diff = PairedStats.between(e.getValue(), base, r -> r.finalValue(split));
            double holmP = holm[k++];
            List<RunRecord> runs = e.getValue();
            int reached = 0;
            double epochsSum = 0;
            double secondsSum = 0;
            for (RunRecord r : runs) {
                double ep = r.history().epochsTo(split, target);
                if (r.ok() && !Double.isNaN(ep)) {
                    reached++;
                    epochsSum += ep;
                    secondsSum += r.history().secondsTo(split, target);
                }
            }
            rows.add(
                    new Row(
                            e.getKey(),
                            e.getKey().equals(baseline),
                            PairedStats.levels(runs, r -> r.finalValue(split)),
                            PairedStats.levels(runs, r -> r.history().best(split)),
                            PairedStats.levels(runs, r -> r.history().meanOfLast3(split)),
                            diff,
                            PairedStats.levels(
                                    runs, r -> r.lastExtra(metrics.secondaryKey(), split)),
                            PairedStats.levels(runs, r -> r.lastExtra("roc_auc", split)),
                            PairedStats.between(runs, base, r -> r.lastExtra("roc_auc", split)),
                            reached,
                            reached == 0 ? Double.NaN : epochsSum / reached,
                            reached == 0 ? Double.NaN : secondsSum / reached,
                            runs.stream()
                                    .filter(RunRecord::ok)
                                    .mapToDouble(RunRecord::wallSeconds)
                                    .average()
                                    .orElse(Double.NaN),
                            runs.stream().mapToLong(RunRecord::skipped).sum(),
                            runs.stream().filter(RunRecord::ok).count(),
                            runs,
                            holmP,
                            diff.verdictAt(holmP)));
        }
        return new Result(rows, twoClass);
    }

    public static Table table(Result r, String baseline, double target, MetricNames metrics) {
        List<String> header =
                new ArrayList<>(
                        List.of(
                                "method",
                                "final " + metrics.primaryLabel() + " %",
                                "best %",
                                "mean of last 3 %",
                                "final − " + baseline + " (pp) [95% t CI]",
                                "95% bootstrap CI",
                                "P(better)",
                                "p (Holm)",
                                "verdict (Holm)",
                                metrics.secondaryLabel()));
        if (r.twoClass()) {
            header.addAll(List.of("ROC AUC", "AUC − " + baseline + " [95% CI]"));
        }
        String pct = String.format(Locale.ROOT, "%.0f%%", 100 * target);
        header.addAll(
                List.of("epochs to " + pct, "time to " + pct, "wall time", "skipped", "runs ok"));
        Table t = new Table(header);
        for (Row row : r.rows()) {
            List<String> cells =
                    new ArrayList<>(
                            List.of(
                                    row.method(),
                                    Formats.pct(row.fin()),
                                    Formats.pct(row.best()),
                                    Formats.pct(row.last3()),
                                    row.baseline() ? "(baseline)" : row.diff().interval(100, ".2f"),
                                    row.baseline() ? "" : row.diff().bootstrapRange(100, ".2f"),
                                    row.baseline() ? "" : row.diff().probabilityText(),
                                    row.baseline() ? "" : Formats.p(row.holmP()),
                                    row.baseline() ? "" : row.reading(),
                                    Formats.num(row.secondary())));
            if (r.twoClass()) {
                PairedStats d = row.aucDiff();
                cells.add(Formats.num(row.auc()));
                cells.add(
                        row.baseline()
                                ? "(baseline)"
                                : Double.isNaN(d.lo())
                                        ? "-"
                                        : String.format(
                                                Locale.ROOT,
                                                "%+.4f [%+.4f, %+.4f] %s",
                                                d.mean(),
                                                d.lo(),
                                                d.hi(),
                                                d.verdict().higherIsBetter()));
            }
            cells.add(
                    row.reached() == 0
                            ? "not reached"
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f (%d/%d)",
                                    row.epochsToTarget(),
                                    row.reached(),
                                    row.runs().size()));
            cells.add(row.reached() == 0 ? "-" : Formats.duration(row.secondsToTarget()));
            cells.add(Double.isNaN(row.wallSeconds()) ? "-" : Formats.duration(row.wallSeconds()));
            cells.add(String.valueOf(row.skipped()));
            cells.add(row.ok() + "/" + row.runs().size());
            t.add(cells);
        }
        return t;
    }

    /** The rows as summary.json holds them, by method. */
    public static Map<String, Object> summary(Result r, String split, MetricNames metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Row row : r.rows()) {
            boolean isBase = row.baseline();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("final_mean", row.fin().mean());
            m.put("final_std", row.fin().std());
            m.put("best_mean", row.best().mean());
            m.put("secondary_metric", metrics.secondaryKey());
            m.put("secondary_mean", row.secondary().mean());
            m.put("roc_auc_mean", row.auc().mean());
            m.put("roc_auc_std", row.auc().std());
            m.put(
                    "roc_auc_diff_ci95",
                    isBase || Double.isNaN(row.aucDiff().lo())
                            ? List.of()
                            : List.of(row.aucDiff().lo(), row.aucDiff().hi()));
            m.put("last3_mean", row.last3().mean());
            m.put("diff_to_baseline_mean", isBase ? 0.0 : row.diff().mean());
            m.put("diff_ci95", isBase ? List.of() : List.of(row.diff().lo(), row.diff().hi()));
            double[] boot = row.diff().bootstrap();
            m.put(
                    "diff_bootstrap_ci95",
                    isBase || Double.isNaN(boot[0]) ? List.of() : List.of(boot[0], boot[1]));
            m.put(
                    "probability_of_improvement",
                    isBase ? Double.NaN : row.diff().probabilityOfImprovement());
            m.put("p_value", isBase ? Double.NaN : row.diff().pValue());
            m.put("p_holm", isBase ? Double.NaN : row.holmP());
            m.put("verdict", isBase ? "baseline" : row.verdict().higherIsBetter());
            m.put(
                    "verdict_uncorrected",
                    isBase ? "baseline" : row.diff().verdict().higherIsBetter());
            m.put("epochs_to_target_mean", row.epochsToTarget());
            m.put("reached_target", row.reached());
            m.put("wall_seconds_mean", row.wallSeconds());
            m.put("skipped_steps", row.skipped());
            m.put("runs_ok", row.ok());
            m.put("runs", row.runs().size());
            List<Object> perSeed = new ArrayList<>();
            for (RunRecord run : row.runs()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("seed", run.seed());
                s.put("status", run.status());
                s.put("final", run.finalValue(split));
                s.put("best", run.history().best(split));
                perSeed.add(s);
            }
            m.put("seeds", perSeed);
            out.put(row.method(), m);
        }
        return out;
    }
}
