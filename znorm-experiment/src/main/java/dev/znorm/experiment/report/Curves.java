package dev.znorm.experiment.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Learning curves of one network: per method, the mean and ± 1 std band over seeds, epoch by epoch.
 */
public final class Curves {

    private Curves() {}

    /** The headline metric (in %) on {@code split} per epoch. */
    public static List<LineChart.Series> metric(
            Map<String, List<RunRecord>> byMethod, String split) {
        return series(byMethod, (r, ep) -> 100 * r.epochs().get(ep).primary(split));
    }

    /** The mean training loss per epoch. */
    public static List<LineChart.Series> trainLoss(Map<String, List<RunRecord>> byMethod) {
        return series(byMethod, (r, ep) -> r.epochs().get(ep).trainLoss());
    }

    private interface Value {
        double of(RunRecord r, int epoch);
    }

    private static List<LineChart.Series> series(
            Map<String, List<RunRecord>> byMethod, Value value) {
        List<LineChart.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> e : byMethod.entrySet()) {
            List<RunRecord> withEpochs =
                    e.getValue().stream().filter(r -> !r.epochs().isEmpty()).toList();
            int n = withEpochs.stream().mapToInt(r -> r.epochs().size()).max().orElse(0);
            double[] mean = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                final int ep = i;
                PairedStats s =
                        PairedStats.of(
                                withEpochs.stream()
                                        .filter(r -> r.epochs().size() > ep)
                                        .mapToDouble(r -> value.of(r, ep))
                                        .toArray());
                mean[i] = s.mean();
                double sd = Double.isNaN(s.std()) ? 0 : s.std();
                lo[i] = s.mean() - sd;
                hi[i] = s.mean() + sd;
            }
            series.add(new LineChart.Series(e.getKey(), mean, lo, hi));
        }
        return series;
    }
}
