package dev.znorm.experiment.run;

import java.util.function.LongSupplier;

/**
 * How long this process has been held stopped: by SIGSTOP or Ctrl-Z (a study paused while a
 * benchmark runs), or with its machine suspended. A daemon thread wakes every 100 ms; a wake-up
 * more than 2 s late means the whole process was held, and the delay counts as stopped. Runs time
 * themselves without it ({@link RunClock}), so that a run's wall time, its epochs' times and the
 * reports comparing methods by them do not depend on when someone paused the process.
 */
final class StoppedTime {

    static final long TICK_NANOS = 100_000_000L;
    static final long LATE_NANOS = 2_000_000_000L;

    private static final StoppedTime PROCESS = watched();

    private final LongSupplier clock;
    private long last;
    private long stopped;

    StoppedTime(LongSupplier clock) {
        this.clock = clock;
        this.last = clock.getAsLong();
    }

    /** This process's, watched from first use on. */
    static StoppedTime process() {
        return PROCESS;
    }

    private static StoppedTime watched() {
        StoppedTime t = new StoppedTime(System::nanoTime);
        Thread watch =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    Thread.sleep(TICK_NANOS / 1_000_000);
                                } catch (InterruptedException e) {
                                    return;
                                }
                                t.observe();
                            }
                        },
                        "znorm stopped-time watch");
        watch.setDaemon(true);
        watch.start();
        return t;
    }

    /** Nanoseconds stopped so far, a stop that has just ended included. */
    synchronized long nanos() {
        observe();
        return stopped;
    }

    /** One look at the clock: a gap longer than {@link #LATE_NANOS} since the last was a stop. */
    synchronized void observe() {
        long now = clock.getAsLong();
        long gap = now - last;
        if (gap > LATE_NANOS) {
            stopped += gap - TICK_NANOS;
        }
        last = now;
    }
}
