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
 * Kills {@code znorm train} with SIGKILL at several moments (mid-epoch, right after a checkpoint
 * appears, while a checkpoint is being written), resumes each time, and requires the final weights
 * to equal, bit for bit, those of an uninterrupted run with the same seed and threads.
 */
class CrashResumeTest {

    @TempDir Path dir;

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
                                "3",
                                "--grad-stats-every",
                                "5",
                                "--out",
                                out.toString(),
                                "--export-params",
                                out.resolve("export").toString()));
        if (resume) {
            cmd.add("--resume");
        }
        return cmd;
    }

    private static int runToEnd(Path out, boolean resume) throws Exception {
        Process p =
                new ProcessBuilder(command(out, resume))
                        .redirectErrorStream(true)
                        .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile())
                        .start();
        return p.waitFor(300, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /**
     * Starts a run and kills it (SIGKILL) as soon as {@code when} holds for its checkpoint folder;
     * returns whether it was still running when killed.
     */
    private static boolean runAndKill(Path out, boolean resume, Predicate<Path> when)
            throws Exception {
        Files.createDirectories(out);
        Process p =
                new ProcessBuilder(command(out, resume))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(out + ".log")))
                        .start();
        long deadline = System.currentTimeMillis() + 240_000;
        while (p.isAlive()
                && System.currentTimeMillis() < deadline
                && !when.test(out.resolve("checkpoints"))) {
            Thread.sleep(2);
        }
        boolean alive = p.isAlive();
        p.destroyForcibly(); // SIGKILL on Unix
        p.waitFor(30, TimeUnit.SECONDS);
        return alive;
    }

    private static String log(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "no log: " + e;
        }
    }

    private static long count(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(suffix)).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long newestStep(Path dir) {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("ckpt-\\d+\\.znst"))
                    .mapToLong(n -> Long.parseLong(n.substring(5, 14)))
                    .max()
                    .orElse(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void killedThreeTimesAndResumedEndsBitForBitLikeAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("straight");
        assertEquals(0, runToEnd(straight, false), () -> log(dir.resolve("straight.log")));

        Path crashed = dir.resolve("crashed");
        assertTrue(
                runAndKill(crashed, false, ck -> newestStep(ck) >= 4),
                "killed mid-epoch, after a checkpoint");
        // while a checkpoint is being written if the 2 ms poll catches it, else at the next one
        assertTrue(
                runAndKill(crashed, true, ck -> count(ck, ".tmp") > 0 || newestStep(ck) >= 9),
                "killed");
        assertTrue(
                runAndKill(crashed, true, ck -> newestStep(ck) >= 13),
                "killed in the second epoch");
        assertEquals(0, runToEnd(crashed, true), () -> log(dir.resolve("crashed.log")));
        String log = Files.readString(dir.resolve("crashed.log"));
        assertTrue(log.contains("resumed from"), log);

        Map<String, Npy.Array> a = Npy.readNpz(straight.resolve("export/params-final.npz"));
        Map<String, Npy.Array> b = Npy.readNpz(crashed.resolve("export/params-final.npz"));
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(
                    a.get(name).data(),
                    b.get(name).data(),
                    name + " differs after crash and resume");
        }
        assertEquals(
                Files.readAllLines(straight.resolve("metrics.jsonl")).size(),
                Files.readAllLines(crashed.resolve("metrics.jsonl")).size(),
                "one metrics line per epoch");
        assertTrue(Files.exists(straight.resolve("export/params-initial.npz")));
    }
}
