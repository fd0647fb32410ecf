package dev.znorm.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a method gets to the target sooner than the baseline (claim C2): per seed, the epochs
 * the method needed to reach the target metric minus the epochs the baseline needed, over the
 * seeds where both reached it (how many did not is shown beside), with its 95% t interval.
 */
final class SpeedToTarget {

    private SpeedToTarget() {
    }

    static String section(CompareConfig cfg, Map<String, List<ComparisonReport.Run>> byMethod, Map<String, Object> summary) {
        String split = cfg.split();
        double target = cfg.targetAccuracy();
        List<ComparisonReport.Run> base = byMethod.get(cfg.baseline());
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "| method | epochs to %.0f%% − %s's [95%% CI] | seeds where both reached it | reading |%n|---|---|---|---|%n",
                100 * target, cfg.baseline()));
        for (Map.Entry<String, List<ComparisonReport.Run>> e : byMethod.entrySet()) {
            if (e.getKey().equals(cfg.baseline())) {
                continue;
            }
            PairedStats d = PairedStats.between(e.getValue(), base, r -> {
                int ep = r.epochsTo(split, target);
                return ep < 0 ? Double.NaN : ep;
            });
            String reading = switch (d.verdict()) {
                case "better" -> "slower";      // more epochs than the baseline
                case "worse" -> "faster";
                default -> d.n() > 1 && d.std() == 0 ? "same epoch on every seed" : d.verdict();
            };
            t.append(String.format(Locale.ROOT, "| %s | %s | %d of %d | %s |%n", e.getKey(), d.interval(1, ".1f"), d.n(),
                    e.getValue().size(), reading));
            summary.put(e.getKey(), d.summary(reading));
        }
        return t.toString();
    }
}
