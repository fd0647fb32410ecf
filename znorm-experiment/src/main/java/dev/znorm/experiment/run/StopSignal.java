package dev.znorm.experiment.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT (Ctrl-C) during a run: batch schedulers send SIGTERM before they kill a job
 * (Slurm at its time limit or on preemption, Kubernetes on eviction). While a run is active, a
 * shutdown hook asks it to stop and waits until it has finished its step, written a checkpoint and
 * released its folder (at most {@code ZNORM_STOP_SECONDS}, default 600); the process then exits
 * with the signal's status (143 for SIGTERM, 130 for SIGINT) and the run resumes bit for bit.
 */
final class StopSignal implements AutoCloseable {

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;

    StopSignal() {
        hook =
                new Thread(
                        () -> {
                            requested.set(true);
                            try {
                                stopped.await(waitSeconds(), TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "znorm-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static long waitSeconds() {
        try {
            String v = System.getenv("ZNORM_STOP_SECONDS");
            return v == null ? 600 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 600;
        }
    }

    /** Whether a signal asked the run to stop. */
    boolean requested() {
        return requested.get();
    }

    /** Thrown once a stopped run's checkpoint is written, to release its folder on the way out. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped by a signal", null, false, false);
        }
    }

    /**
     * Waits for the JVM, which exits with the signal's status once the hook returns; never returns
     * normally.
     */
    static RunOutcome awaitExit() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
    }
}
