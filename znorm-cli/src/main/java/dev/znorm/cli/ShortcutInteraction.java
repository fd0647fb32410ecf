package dev.znorm.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a method's gain depends on skip connections (claim C4): for a ResNet and its plain twin of
 * the same depth in one comparison, the per-seed difference of differences
 * (method − baseline on the ResNet) − (method − baseline on the plain net), with its 95% t interval.
 * Pairing by seed is sound because each seed fixes the data order for both networks.
 */
final class ShortcutInteraction {

    private ShortcutInteraction() {
    }

    /** The markdown section, or "" when the comparison has no ResNet / plain pair; fills {@code summary}. */
    static String section(CompareConfig cfg, Map<String, Map<String, List<ComparisonReport.Run>>> runs,
            Map<String, Object> summary) {
        StringBuilder t = new StringBuilder();
        for (String resnet : runs.keySet()) {
            String plain = resnet.replaceFirst("^resnet", "plain");
            if (!resnet.startsWith("resnet") || !runs.containsKey(plain)) {
                continue;
            }
            Map<String, List<ComparisonReport.Run>> withSkips = runs.get(resnet);
            Map<String, List<ComparisonReport.Run>> without = runs.get(plain);
            if (t.length() == 0) {
                t.append("| networks | method | gain on the ResNet − gain on its plain twin (pp) [95% CI] | seeds | reading |\n");
                t.append("|---|---|---|---|---|\n");
            }
            Map<String, Object> pair = new LinkedHashMap<>();
            for (String method : withSkips.keySet()) {
                if (method.equals(cfg.baseline()) || !without.containsKey(method)) {
                    continue;
                }
                PairedStats s = PairedStats.of(differences(cfg, withSkips.get(method), withSkips.get(cfg.baseline()),
                        without.get(method), without.get(cfg.baseline())));
                String reading = switch (s.verdict()) {
                    case "better" -> "larger with shortcuts";
                    case "worse" -> "smaller with shortcuts";
                    default -> s.verdict();
                };
                t.append(String.format(Locale.ROOT, "| %s vs %s | %s | %s | %d | %s |%n", resnet, plain, method,
                        s.interval(100, ".2f"), s.n(), reading));
                pair.put(method, s.summary(reading));
            }
            summary.put(resnet + " vs " + plain, pair);
        }
        return t.toString();
    }

    /** One value per seed at which all four runs finished. */
    private static double[] differences(CompareConfig cfg, List<ComparisonReport.Run> resMethod, List<ComparisonReport.Run> resBase,
            List<ComparisonReport.Run> plainMethod, List<ComparisonReport.Run> plainBase) {
        String split = cfg.split();
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < resMethod.size(); i++) {
            ComparisonReport.Run a = resMethod.get(i);
            ComparisonReport.Run b = resBase.get(i);
            ComparisonReport.Run c = plainMethod.get(i);
            ComparisonReport.Run d = plainBase.get(i);
            if (a.ok() && b.ok() && c.ok() && d.ok()) {
                out.add((a.finalAcc(split) - b.finalAcc(split)) - (c.finalAcc(split) - d.finalAcc(split)));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
