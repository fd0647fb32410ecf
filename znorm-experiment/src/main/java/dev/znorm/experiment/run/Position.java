package dev.znorm.experiment.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run is: what a checkpoint saves besides weights and optimizer state. Stored as counters
 * in the checkpoint, so a resumed run continues its epoch, its loss average, its count of
 * non-finite losses in a row and its wall time where the killed one left them.
 */
final class Position {
    int epoch;
    int batch;
    long step;
    long skipped;
    double lossSum;
    long lossCount;
    int nonFiniteInARow;

    /** Time the earlier sessions of this run ran, stops left out ({@link RunClock}). */
    long earlierWallMillis;

    /** Time the earlier sessions' processes were held stopped. */
    long earlierStoppedMillis;

    /** The counters a checkpoint saves, with this session's time from {@code clock}. */
    Map<String, Long> toCounters(int threads, RunClock clock) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("epoch", (long) epoch);
        m.put("batch", (long) batch);
        m.put("step", step);
        m.put("skipped", skipped);
        m.put("loss_sum_bits", Double.doubleToRawLongBits(lossSum));
        m.put("loss_count", lossCount);
        m.put("non_finite_in_a_row", (long) nonFiniteInARow);
        m.put("wall_ms", wallMillis(clock));
        m.put("stopped_ms", stoppedMillis(clock));
        m.put("threads", (long) threads);
        return m;
    }

    /** Reads a checkpoint's counters; those older versions did not write start at 0. */
    void from(Map<String, Long> m) {
        epoch = m.get("epoch").intValue();
        batch = m.get("batch").intValue();
        step = m.get("step");
        skipped = m.get("skipped");
        lossSum = Double.longBitsToDouble(m.get("loss_sum_bits"));
        lossCount = m.get("loss_count");
        nonFiniteInARow = m.getOrDefault("non_finite_in_a_row", 0L).intValue();
        earlierWallMillis = m.getOrDefault("wall_ms", 0L);
        earlierStoppedMillis = m.getOrDefault("stopped_ms", 0L);
    }

    /** The run's time over every session so far, stops left out. */
    long wallMillis(RunClock clock) {
        return earlierWallMillis + clock.runningMillis();
    }

    /** The time the run's processes were held stopped over every session so far. */
    long stoppedMillis(RunClock clock) {
        return earlierStoppedMillis + clock.stoppedMillis();
    }

    /**
     * The position at the start of the epoch after this one (what an epoch-end checkpoint records).
     */
    Position startOfNextEpoch() {
        Position next = new Position();
        next.epoch = epoch + 1;
        next.step = step;
        next.skipped = skipped;
        next.nonFiniteInARow = nonFiniteInARow;
        next.earlierWallMillis = earlierWallMillis;
        next.earlierStoppedMillis = earlierStoppedMillis;
        return next;
    }

    double meanLoss() {
        return lossCount == 0 ? Double.NaN : lossSum / lossCount;
    }

    /**
     * Where the run is, for a listener: epoch and batch, the mean loss so far this epoch, the
     * images per second and the share done since this session's {@code firstStep}.
     */
    RunListener.StepProgress progress(
            int epochs,
            int perEpoch,
            long totalSteps,
            long firstStep,
            int batchSize,
            double seconds) {
        return new RunListener.StepProgress(
                epoch + 1,
                epochs,
                batch,
                perEpoch,
                meanLoss(),
                (step - firstStep) * batchSize / Math.max(1e-9, seconds),
                (step - firstStep) / (double) (totalSteps - firstStep),
                seconds);
    }
}
