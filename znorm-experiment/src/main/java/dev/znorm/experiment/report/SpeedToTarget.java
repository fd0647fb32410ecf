package dev.znorm.experiment.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a method trains faster than the baseline (claim C2), two ways, each per seed with its 95%
 * t interval: the epochs it needed to reach the target metric minus the baseline's (interpolated
 * between evaluations; over the seeds where both reached it, how many is shown beside), and its
 * final training loss minus the baseline's.
 */
public final class SpeedToTarget {

    private SpeedToTarget() {}

    /** One method against the baseline. */
    public record Row(
            String method,
            PairedStats epochs,
            String epochsReading,
            PairedStats loss,
            String lossReading,
            int runs) {}

    public static List<Row> compute(
            Map<String, List<RunRecord>> byMethod, String baseline, String split, double target) {
        List<RunRecord> base = byMethod.get(baseline);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> e : byMethod.entrySet()) {
            if (e.getKey().equals(baseline)) {
                continue;
            }
            PairedStats d =
                    PairedStats.between(
                            e.getValue(), base, r -> r.history().epochsTo(split, target));
            PairedStats loss =
                    PairedStats.between(e.getValue(), base, r -> r.history().finalTrainLoss());
            // more epochs than the baseline is slower
            String reading =
                    d.verdict() == Verdict.INCONCLUSIVE && d.n() > 1 && d.std() == 0
                            ? "same epoch on every seed"
                            : d.verdict().reading("slower", "faster");
            rows.add(
                    new Row(
                            e.getKey(),
                            d,
                            reading,
                            loss,
                            loss.verdict().reading("higher", "lower"),
                            e.getValue().size()));
        }
        return rows;
    }

    public static Table table(List<Row> rows, String baseline, double target) {
        Table t =
                new Table(
                        List.of(
                                "method",
                                String.format(
                                        Locale.ROOT,
                                        "epochs to %.0f%% − %s's [95%% CI]",
                                        100 * target,
                                        baseline),
                                "seeds where both reached it",
                                "reading",
                                "final training loss − " + baseline + "'s [95% CI]",
                                "reading"));
        for (Row r : rows) {
            t.add(
                    List.of(
                            r.method(),
                            r.epochs().interval(1, ".2f"),
                            r.epochs().n() + " of " + r.runs(),
                            r.epochsReading(),
                            r.loss().interval(1, ".4f"),
                            r.lossReading()));
        }
        return t;
    }

    public static Map<String, Object> summary(List<Row> rows) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epochs_to_target", r.epochs().summary(r.epochsReading()));
            m.put("final_train_loss", r.loss().summary(r.lossReading()));
            out.put(r.method(), m);
        }
        return out;
    }
}
