package dev.znorm.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a method trains faster than the baseline (claim C2), two ways, each per seed with its 95%
 * t interval: the epochs it needed to reach the target metric minus the baseline's (interpolated
 * between evaluations; over the seeds where both reached it, how many is shown beside), and its
 * final training loss minus the baseline's.
 */
final class SpeedToTarget {

    private SpeedToTarget() {
    }

    static String section(CompareConfig cfg, Map<String, List<ComparisonReport.Run>> byMethod, Map<String, Object> summary) {
        String split = cfg.split();
        double target = cfg.targetAccuracy();
        List<ComparisonReport.Run> base = byMethod.get(cfg.baseline());
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "| method | epochs to %.0f%% − %s's [95%% CI] | seeds where both reached it | reading "
                        + "| final training loss − %s's [95%% CI] | reading |%n|---|---|---|---|---|---|%n",
                100 * target, cfg.baseline(), cfg.baseline()));
        for (Map.Entry<String, List<ComparisonReport.Run>> e : byMethod.entrySet()) {
            if (e.getKey().equals(cfg.baseline())) {
                continue;
            }
            PairedStats d = PairedStats.between(e.getValue(), base, r -> r.epochsTo(split, target));
            PairedStats loss = PairedStats.between(e.getValue(), base, ComparisonReport.Run::finalTrainLoss);
            String reading = switch (d.verdict()) {
                case "better" -> "slower";      // more epochs than the baseline
                case "worse" -> "faster";
                default -> d.n() > 1 && d.std() == 0 ? "same epoch on every seed" : d.verdict();
            };
            String lossReading = switch (loss.verdict()) {
                case "better" -> "higher";
                case "worse" -> "lower";
                default -> loss.verdict();
            };
            t.append(String.format(Locale.ROOT, "| %s | %s | %d of %d | %s | %s | %s |%n", e.getKey(), d.interval(1, ".2f"), d.n(),
                    e.getValue().size(), reading, loss.interval(1, ".4f"), lossReading));
            summary.put(e.getKey(), Json.object("epochs_to_target", d.summary(reading), "final_train_loss", loss.summary(lossReading)));
        }
        return t.toString();
    }
}
