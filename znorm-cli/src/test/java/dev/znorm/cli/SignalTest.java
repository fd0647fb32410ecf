package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.data.Npy;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as a batch scheduler sends it before killing a job, at several moments: in the middle of
 * the steps, during an epoch's evaluation, while a checkpoint is being written. Each time the run
 * must finish its step, write a checkpoint, say so and exit with 143; resumed each time, it must
 * end bit for bit where an uninterrupted run ends.
 */
class SignalTest {

    @TempDir Path dir;

    private static final int PER_EPOCH = 10; // 320 images, batch 32

    private static List<String> command(Path out, boolean resume) {
        Path sample = Path.of(System.getProperty("znorm.home", "..")).resolve("demo/cifar10");
        List<String> cmd =
                new ArrayList<>(
                        ZnormProcess.command(
                                "train",
                                "--data",
                                sample.toString(),
                                "--model",
                                "resnet20",
                                "--method",
                                "znorm+adam",
                                "--train-subset",
                                "320",
                                "--batch",
                                "32",
                                "--steps",
                                "24",
                                "--threads",
                                "2",
                                "--checkpoint-every",
                                "4",
                                "--grad-stats-every",
                                "1",
                                "--out",
                                out.toString(),
                                "--export-params",
                                out.resolve("export").toString()));
        if (resume) {
            cmd.add("--resume");
        }
        return cmd;
    }

    private static Process start(Path out, boolean resume) throws Exception {
        Files.createDirectories(out);
        return new ProcessBuilder(command(out, resume))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(out + ".log")))
                .start();
    }

    /**
     * Starts (or resumes) the run, sends SIGTERM once {@code when} holds, and returns its exit
     * code.
     */
    private static int runAndTerminate(Path out, boolean resume, Predicate<Path> when)
            throws Exception {
        Process p = start(out, resume);
        long deadline = System.currentTimeMillis() + 240_000;
        while (p.isAlive() && System.currentTimeMillis() < deadline && !when.test(out)) {
            Thread.sleep(1);
        }
        assertTrue(
                p.isAlive(),
                () ->
                        "the run was still going when the signal was due: "
                                + log(Path.of(out + ".log")));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "it ends after the signal");
        return p.exitValue();
    }

    private static long lines(Path f) {
        try (Stream<String> s = Files.lines(f)) {
            return s.count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static boolean tmpIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.toString().endsWith(".tmp"));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void sigtermAtEveryMomentCheckpointsAndTheResumedRunEndsBitForBit() throws Exception {
        Path straight = dir.resolve("straight");
        Process s = start(straight, false);
        assertTrue(s.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, s.exitValue(), () -> log(dir.resolve("straight.log")));

        Path run = dir.resolve("signalled");
        // in the middle of the first epoch's steps
        assertEquals(
                143, runAndTerminate(run, false, o -> lines(o.resolve("gradients.jsonl")) >= 6));
        // during the first epoch's evaluation: all its steps recorded, its evaluation not yet
        // written
        assertEquals(
                143,
                runAndTerminate(
                        run,
                        true,
                        o ->
                                lines(o.resolve("gradients.jsonl")) >= PER_EPOCH
                                        && !Files.exists(o.resolve("eval-last.json"))));
        // while a checkpoint is being written (caught by a 1 ms poll when it can be, else just
        // after)
        assertEquals(
                143,
                runAndTerminate(
                        run,
                        true,
                        o ->
                                tmpIn(o.resolve("checkpoints"))
                                        || lines(o.resolve("gradients.jsonl"))
                                                >= 2 * PER_EPOCH + 2));
        Process last = start(run, true);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), () -> log(dir.resolve("signalled.log")));

        String log = log(dir.resolve("signalled.log"));
        assertEquals(3, log.split("stopped by a signal", -1).length - 1, log);
        assertTrue(log.contains("its checkpoint is written: continue with --resume"), log);
        assertTrue(
                !log.contains("took over the stale lock"),
                "a stopped run releases its folder: " + log);
        Map<String, Npy.Array> a = Npy.readNpz(straight.resolve("export/params-final.npz"));
        Map<String, Npy.Array> b = Npy.readNpz(run.resolve("export/params-final.npz"));
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(
                    a.get(name).data(),
                    b.get(name).data(),
                    name + " differs after the signals and resumes");
        }
        assertEquals(
                lines(straight.resolve("metrics.jsonl")),
                lines(run.resolve("metrics.jsonl")),
                "one metrics line per epoch");
        assertEquals(
                Files.readAllLines(straight.resolve("gradients.jsonl")),
                Files.readAllLines(run.resolve("gradients.jsonl")),
                "the same gradient records, none lost or repeated");
    }

    /**
     * SIGSTOP, as a user's Ctrl-Z or a study paused for a benchmark: the six seconds the process
     * was held in its first epoch are recorded apart (stopped_seconds) and left out of the run's
     * wall time and of that epoch's time (ten steps of a small net, far under six seconds), so
     * reports comparing methods by time do not depend on the pause.
     */
    @Test
    void aRunHeldStoppedRecordsTheStopApartFromItsTime() throws Exception {
        Path run = dir.resolve("held");
        long began = System.nanoTime();
        Process p = start(run, false);
        long deadline = System.currentTimeMillis() + 240_000;
        while (p.isAlive()
                && System.currentTimeMillis() < deadline
                && lines(run.resolve("gradients.jsonl")) < 4) {
            Thread.sleep(1);
        }
        assertTrue(p.isAlive(), () -> "ended before the stop: " + log(Path.of(run + ".log")));
        signal(p, "STOP");
        Thread.sleep(6_000);
        signal(p, "CONT");
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> log(Path.of(run + ".log")));
        double elapsed = (System.nanoTime() - began) / 1e9;

        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode result =
                json.readTree(run.resolve("result.json").toFile());
        double stopped = result.path("stopped_seconds").asDouble(-1);
        double wall = result.path("wall_seconds").asDouble();
        assertTrue(stopped >= 5.5 && stopped <= 6.5, "stopped_seconds " + stopped);
        assertTrue(
                wall + stopped <= elapsed,
                "wall "
                        + wall
                        + " + stopped "
                        + stopped
                        + " within the "
                        + elapsed
                        + " s seen here");
        double first =
                json.readTree(Files.readAllLines(run.resolve("metrics.jsonl")).get(0))
                        .path("epoch_seconds")
                        .asDouble();
        assertTrue(first < 6, "the first epoch took " + first + " s without the stop");
    }

    private static void signal(Process p, String name) throws Exception {
        assertEquals(
                0,
                new ProcessBuilder("kill", "-" + name, String.valueOf(p.pid())).start().waitFor());
    }

    private static String log(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "no log: " + e;
        }
    }
}
