package dev.znorm.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ZNorm against each alternative directly (claim C3): the per-seed difference of the final metric,
 * ZNorm's run minus the other method's run at the same seed, with its 95% t interval. Comparing
 * both with the baseline is not enough: two intervals that each exclude 0 say nothing about which
 * of the two methods is ahead.
 */
final class HeadToHead {

    private HeadToHead() {
    }

    /** The ZNorm method the others are held against: "znorm+" + the baseline when run, else the first with "znorm". */
    static String champion(CompareConfig cfg, Map<String, List<ComparisonReport.Run>> byMethod) {
        String plain = "znorm+" + cfg.baseline();
        if (byMethod.containsKey(plain)) {
            return plain;
        }
        return byMethod.keySet().stream().filter(m -> m.contains("znorm") && !m.equals(cfg.baseline())).findFirst().orElse(null);
    }

    /** The markdown table, or "" when there is no ZNorm method or nothing else to hold it against. */
    static String section(CompareConfig cfg, Map<String, List<ComparisonReport.Run>> byMethod, String metric,
            Map<String, Object> summary) {
        String znorm = champion(cfg, byMethod);
        if (znorm == null) {
            return "";
        }
        String split = cfg.split();
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "| other method | final %s: %s − other (pp) [95%% CI] | seeds | reading |%n|---|---|---|---|%n", metric, znorm));
        int rows = 0;
        for (Map.Entry<String, List<ComparisonReport.Run>> e : byMethod.entrySet()) {
            if (e.getKey().equals(znorm) || e.getKey().equals(cfg.baseline())) {
                continue;
            }
            PairedStats d = PairedStats.between(byMethod.get(znorm), e.getValue(), r -> r.finalAcc(split));
            String reading = switch (d.verdict()) {
                case "better" -> znorm + " ahead";
                case "worse" -> e.getKey() + " ahead";
                default -> d.verdict();
            };
            t.append(String.format(Locale.ROOT, "| %s | %s | %d | %s |%n", e.getKey(), d.interval(100, ".2f"), d.n(), reading));
            summary.put(e.getKey(), d.summary(reading));
            rows++;
        }
        return rows == 0 ? "" : t.toString();
    }
}
