package dev.znorm.core.schedule;

import ai.djl.training.tracker.Tracker;
import dev.znorm.core.Checks;

/**
 * A learning rate as a function of the number of steps already taken ({@code t = 0} for the first
 * step), with torch.optim.lr_scheduler's formulas when the scheduler is stepped once per optimizer
 * step.
 *
 * <pre>{@code
 * Schedule lr = Schedule.cosine(1e-3, totalSteps, 0);        // Adam at 1e-3, cosine decay to 0
 * Schedule warm = Schedule.linearWarmup(0.1, 500, lr);       // 500 warm-up steps first
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {

    /** The learning rate for the step taken after {@code t} earlier steps. */
    double at(long t);

    static Schedule constant(double lr) {
        Checks.nonNegative("learning rate", lr);
        return t -> lr;
    }

    /** torch {@code StepLR}: {@code lr * gamma^floor(t / stepSize)}. */
    static Schedule step(double lr, long stepSize, double gamma) {
        Checks.nonNegative("learning rate", lr);
        Checks.positive("step-schedule gamma", gamma);
        if (stepSize <= 0) {
            throw new IllegalArgumentException(
                    "step-schedule step size must be > 0, got " + stepSize);
        }
        return t -> lr * Math.pow(gamma, (double) Math.floorDiv(t, stepSize));
    }

    /**
     * torch {@code CosineAnnealingLR} with {@code T_max = totalSteps}: {@code min + (lr - min) (1 +
     * cos(pi t / T)) / 2}, held at {@code min} after T steps (torch would rise again).
     */
    static Schedule cosine(double lr, long totalSteps, double minLr) {
        Checks.nonNegative("learning rate", lr);
        Checks.nonNegative("minimum learning rate", minLr);
        if (totalSteps <= 0) {
            throw new IllegalArgumentException(
                    "cosine schedule needs total steps > 0, got " + totalSteps);
        }
        return t ->
                t >= totalSteps
                        ? minLr
                        : minLr + (lr - minLr) * (1 + Math.cos(Math.PI * t / totalSteps)) / 2;
    }

    /**
     * torch {@code LinearLR} warm-up then {@code after} (as {@code SequentialLR}): the factor rises
     * linearly from {@code startFactor} to 1 over {@code warmupSteps}; from then on {@code
     * after.at(t - warmupSteps)}.
     */
    static Schedule linearWarmup(double startFactor, long warmupSteps, Schedule after) {
        Checks.inRange("warm-up start factor", startFactor, 0, 1);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmupSteps);
        }
        return t ->
                t >= warmupSteps
                        ? after.at(t - warmupSteps)
                        : after.at(0)
                                * (startFactor + (1 - startFactor) * t / (double) warmupSteps);
    }

    /** A DJL tracker as a schedule ({@code tracker.getNewValue(t)}). */
    static Schedule fromDjl(Tracker tracker) {
        return t -> tracker.getNewValue((int) Math.min(Integer.MAX_VALUE, t));
    }
}
