package dev.znorm.cli;

import java.util.List;
import java.util.Map;

/** What one run produced: its per-epoch records, wall time, skipped steps and whether it finished. */
record RunResult(RunConfig config, List<EpochRecord> epochs, double wallSeconds, long skippedSteps,
        String status, String failure) {

    /** One epoch: mean training loss and, per evaluation split, accuracy and loss. */
    record EpochRecord(int epoch, int steps, double trainLoss, Map<String, Double> accuracy,
            Map<String, Double> evalLoss, double seconds) {}

    boolean finished() {
        return status.equals("finished");
    }

    /** The accuracy on {@code split} after the last epoch (NaN when there is none). */
    double finalAccuracy(String split) {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).accuracy().getOrDefault(split, Double.NaN);
    }

    double bestAccuracy(String split) {
        return epochs.stream().mapToDouble(e -> e.accuracy().getOrDefault(split, Double.NaN)).max().orElse(Double.NaN);
    }

    /** The mean of the last three evaluations (fewer if the run had fewer). */
    double lastThreeAccuracy(String split) {
        int from = Math.max(0, epochs.size() - 3);
        return epochs.subList(from, epochs.size()).stream()
                .mapToDouble(e -> e.accuracy().getOrDefault(split, Double.NaN)).average().orElse(Double.NaN);
    }
}
