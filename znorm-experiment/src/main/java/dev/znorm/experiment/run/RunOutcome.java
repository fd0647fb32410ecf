package dev.znorm.experiment.run;

import java.util.List;

/**
 * What one run produced: its epoch records, wall time (over every session, the time its processes
 * were held stopped left out and given apart), skipped steps and whether it finished.
 */
public record RunOutcome(
        RunSpec spec,
        List<EpochRecord> epochs,
        double wallSeconds,
        double stoppedSeconds,
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
