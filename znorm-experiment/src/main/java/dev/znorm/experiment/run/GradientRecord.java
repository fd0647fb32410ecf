package dev.znorm.experiment.run;

import java.util.List;

/**
 * One line of gradients.jsonl: per weight tensor, the L2 norm, mean and standard deviation of the
 * raw gradient at a step.
 */
public record GradientRecord(long step, List<LayerStats> layers) {

    /** The statistics of one tensor's raw gradient. */
    public record LayerStats(String name, double norm, double mean, double std) {}
}
