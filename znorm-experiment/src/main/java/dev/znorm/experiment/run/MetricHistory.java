package dev.znorm.experiment.run;

import java.util.List;

/**
 * A run's headline metric over its epochs, read one way everywhere (result.json, reports, the
 * demo): the final value, the best, the mean of the last three evaluations, and when a target was
 * first reached.
 */
public record MetricHistory(List<EpochRecord> epochs) {

    /** Final, best and last-3 of one split. */
    public record Summary(double finalValue, double best, double meanOfLast3) {}

    public MetricHistory {
        epochs = List.copyOf(epochs);
    }

    public Summary summary(String split) {
        return new Summary(finalValue(split), best(split), meanOfLast3(split));
    }

    /** The value after the last epoch (NaN when there is none). */
    public double finalValue(String split) {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).primary(split);
    }

    public double best(String split) {
        return epochs.stream().mapToDouble(e -> e.primary(split)).max().orElse(Double.NaN);
    }

    /** The mean of the last three evaluations (fewer if the run had fewer). */
    public double meanOfLast3(String split) {
        return epochs.subList(Math.max(0, epochs.size() - 3), epochs.size()).stream()
                .mapToDouble(e -> e.primary(split))
                .average()
                .orElse(Double.NaN);
    }

    public double finalTrainLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).trainLoss();
    }

    /**
     * When the metric first reached {@code target}, in epochs, interpolated linearly between the
     * evaluation before and the first one at or above it (evaluations come once per epoch, too
     * coarse to tell methods apart that differ by a fraction of one); the first epoch's number when
     * the first evaluation already reaches it; NaN when it never does.
     */
    public double epochsTo(String split, double target) {
        double before = Double.NaN;
        for (EpochRecord e : epochs) {
            double a = e.primary(split);
            if (a >= target) {
                return Double.isNaN(before)
                        ? e.epoch()
                        : e.epoch() - 1 + (target - before) / (a - before);
            }
            before = a;
        }
        return Double.NaN;
    }

    /**
     * Wall seconds of training and evaluation until {@link #epochsTo}, the crossing epoch's share
     * included.
     */
    public double secondsTo(String split, double target) {
        double at = epochsTo(split, target);
        double t = 0;
        for (EpochRecord e : epochs) {
            if (e.epoch() > Math.ceil(at)) {
                break;
            }
            t +=
                    e.epoch() <= Math.floor(at)
                            ? e.epochSeconds()
                            : (at - Math.floor(at)) * e.epochSeconds();
        }
        return Double.isNaN(at) ? Double.NaN : t;
    }
}
