package dev.znorm.experiment.run;

import java.util.List;

/**
 * What one run produced: its epoch records, wall time (over every session), skipped steps and
 * whether it finished.
 */
public record RunOutcome(
        RunSpec spec,
        List<EpochRecord> epochs,
        double wallSeconds,
        long skippedSteps,
        String status,
        String failure) {

    public RunOutcome {
        epochs = List.copyOf(epochs);
    }

    public boolean finished() {
        return ResultRecord.FINISHED.equals(status);
    }

    public MetricHistory history() {
        return new MetricHistory(epochs);
    }
}
