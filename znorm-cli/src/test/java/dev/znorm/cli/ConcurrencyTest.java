package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.znorm.experiment.io.FolderLock;
import dev.znorm.experiment.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one folder: a second {@code train} is refused naming the first, which finishes
 * untouched; two {@code compare} processes on one grid folder share its cells (each run once) and
 * leave the summary a single sequential compare makes.
 */
class ConcurrencyTest {

    @TempDir Path dir;

    static Path sample() {
        return ZnormProcess.sample();
    }

    private static Process znorm(Path log, String... args) throws Exception {
        return ZnormProcess.start(log, java.util.Map.of(), args);
    }

    private static int end(Process p) throws Exception {
        return ZnormProcess.end(p);
    }

    @Test
    void aSecondTrainOnOneFolderIsRefusedNamingTheFirst() throws Exception {
        Path out = dir.resolve("run");
        String[] args = {
            "train",
            "--data",
            sample().toString(),
            "--model",
            "resnet20",
            "--train-subset",
            "320",
            "--epochs",
            "3",
            "--batch",
            "16",
            "--threads",
            "1",
            "--out",
            out.toString()
        };
        Process first = znorm(dir.resolve("first.log"), args);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(out.resolve(FolderLock.FILE))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(first.isAlive(), "the first run holds the folder");
        Process second = znorm(dir.resolve("second.log"), args);
        assertEquals(2, end(second));
        String why = Files.readString(dir.resolve("second.log"));
        assertTrue(
                why.contains("is in use by process " + first.pid())
                        && why.contains("wait for it to end, or use another"),
                why);
        assertEquals(0, end(first), () -> read(dir.resolve("first.log")));
        assertEquals(
                3,
                Files.readAllLines(out.resolve("metrics.jsonl")).size(),
                "the first run's records alone");
        assertTrue(
                Files.readString(out.resolve("result.json")).contains("\"status\":\"finished\""));
    }

    @Test
    void twoComparesOnOneGridShareItsCellsAndAgreeWithOneCompare() throws Exception {
        Path cfg =
                SamplePairGrid.write(
                        dir.resolve("grid.yaml"), "shared", 3, 64, "target_accuracy: 0.05");
        Path shared = dir.resolve("shared");
        Process a =
                znorm(dir.resolve("a.log"), "compare", cfg.toString(), "--out", shared.toString());
        Process b =
                znorm(dir.resolve("b.log"), "compare", cfg.toString(), "--out", shared.toString());
        assertEquals(0, end(a), () -> read(dir.resolve("a.log")));
        assertEquals(0, end(b), () -> read(dir.resolve("b.log")));
        Path alone = dir.resolve("alone");
        assertEquals(0, Main.run("compare", cfg.toString(), "--out", alone.toString()));

        try (Stream<Path> runs = Files.walk(shared.resolve("runs"))) {
            List<Path> metrics =
                    runs.filter(p -> p.getFileName().toString().equals("metrics.jsonl")).toList();
            assertEquals(6, metrics.size());
            for (Path m : metrics) {
                assertEquals(1, Files.readAllLines(m).size(), m + ": each cell ran once");
            }
        }
        String logs = read(dir.resolve("a.log")) + read(dir.resolve("b.log"));
        assertEquals(
                6,
                count(logs, "epoch 1/1 train loss"),
                "six runs made between the two processes: " + logs);
        // the report either process wrote last holds every cell, as one compare's does (times
        // aside)
        ReportStatsOnly.assertSameNumbers(
                Json.readObject(alone.resolve("summary.json")),
                Json.readObject(shared.resolve("summary.json")));
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static String read(Path f) {
        return ZnormProcess.read(f);
    }

    /**
     * Compares two summaries field by field, wall times left out (they depend on the machine's
     * load).
     */
    static final class ReportStatsOnly {
        private ReportStatsOnly() {}

        static void assertSameNumbers(ObjectNode expected, ObjectNode actual) {
            assertEquals(strip(expected.deepCopy()), strip(actual.deepCopy()));
        }

        private static JsonNode strip(JsonNode n) {
            if (n.isObject()) {
                ((ObjectNode) n).remove("wall_seconds_mean");
                for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                    strip(it.next());
                }
            } else if (n.isArray()) {
                n.forEach(ReportStatsOnly::strip);
            }
            return n;
        }
    }
}
