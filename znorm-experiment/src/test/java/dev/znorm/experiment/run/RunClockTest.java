package dev.znorm.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A run's clock leaves out the spans its process was held stopped, as the watch thread sees them (a
 * wake-up more than two seconds late), whichever thread looks first after the stop; short delays
 * are running time.
 */
class RunClockTest {

    private static final long MS = 1_000_000L;

    @Test
    void aStopSeenByTheWatchIsLeftOutOfTheRunsTime() {
        AtomicLong now = new AtomicLong(0);
        StoppedTime stops = new StoppedTime(now::get);
        RunClock clock = new RunClock(now::get, stops);
        for (long t = 100; t <= 1_000; t += 100) { // the watch wakes every 100 ms
            now.set(t * MS);
            stops.observe();
        }
        now.set(6_000 * MS); // held stopped from about 1.0 s to 6.0 s
        stops.observe();
        now.set(6_500 * MS);
        assertEquals(4_900, clock.stoppedMillis()); // the gap less one tick
        assertEquals(1_600, clock.runningMillis());
        assertEquals(1.6, clock.seconds(), 1e-12);
    }

    @Test
    void theRunsOwnThreadCountsAStopBeforeTheWatchWakes() {
        AtomicLong now = new AtomicLong(0);
        StoppedTime stops = new StoppedTime(now::get);
        RunClock clock = new RunClock(now::get, stops);
        now.set(10_000 * MS); // the stop ends and the run reads its clock first
        assertEquals(9_900, clock.stoppedMillis());
        now.set(10_050 * MS);
        stops.observe(); // the watch's late wake-up is not counted twice
        assertEquals(9_900, clock.stoppedMillis());
        assertEquals(150, clock.runningMillis());
    }

    @Test
    void delaysUnderTwoSecondsAreRunningTime() {
        AtomicLong now = new AtomicLong(0);
        StoppedTime stops = new StoppedTime(now::get);
        RunClock clock = new RunClock(now::get, stops);
        for (long t = 1_900; t <= 19_000; t += 1_900) {
            now.set(t * MS);
            stops.observe();
        }
        assertEquals(0, clock.stoppedMillis());
        assertEquals(19_000, clock.runningMillis());
    }

    @Test
    void stopsBeforeTheRunStartedAreNotItsOwn() {
        AtomicLong now = new AtomicLong(0);
        StoppedTime stops = new StoppedTime(now::get);
        now.set(5_000 * MS);
        RunClock clock = new RunClock(now::get, stops);
        now.set(5_100 * MS);
        assertEquals(0, clock.stoppedMillis());
        assertEquals(100, clock.runningMillis());
    }
}
