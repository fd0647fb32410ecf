package dev.znorm.experiment.run;

import java.util.function.LongSupplier;

/**
 * A run's time in this session: the time its process ran since the start, and apart from it the
 * time the process was held stopped ({@link StoppedTime}).
 */
final class RunClock {

    private final LongSupplier clock;
    private final StoppedTime stops;
    private final long start;
    private final long stoppedAtStart;

    RunClock(LongSupplier clock, StoppedTime stops) {
        this.clock = clock;
        this.stops = stops;
        this.stoppedAtStart = stops.nanos();
        this.start = clock.getAsLong();
    }

    static RunClock start() {
        return new RunClock(System::nanoTime, StoppedTime.process());
    }

    /** Seconds the process ran since the start, stops left out. */
    double seconds() {
        return runningMillisExact() / 1e3;
    }

    long runningMillis() {
        return (long) runningMillisExact();
    }

    long stoppedMillis() {
        return (stops.nanos() - stoppedAtStart) / 1_000_000;
    }

    private double runningMillisExact() {
        long stopped = stops.nanos() - stoppedAtStart;
        return (clock.getAsLong() - start - stopped) / 1e6;
    }
}
