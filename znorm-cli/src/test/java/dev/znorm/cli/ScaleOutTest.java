package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One grid made three ways gives one summary: by a sequential compare, by {@code compare --jobs 2}
 * (two worker processes sharing the cells), and by four shard processes started the way a
 * Kubernetes Indexed Job starts its pods ({@code JOB_COMPLETION_INDEX} set, the count from the
 * manifest), then {@code znorm report}. The sharded report says where each cell ran.
 */
class ScaleOutTest {

    @TempDir static Path dir;
    static Path grid;
    static Path alone;

    @BeforeAll
    static void sequential() throws Exception {
        grid =
                SamplePairGrid.write(
                        dir.resolve("grid.yaml"), "spread", 2, 48, "target_accuracy: 0.05");
        alone = dir.resolve("alone");
        assertEquals(0, Main.run("compare", grid.toString(), "--out", alone.toString()));
    }

    @Test
    void jobsTwoRunsEveryCellOnceInTwoWorkersAndAgreesWithOneCompare() throws Exception {
        Path out = dir.resolve("jobs");
        Path log = dir.resolve("jobs.log");
        Process p =
                ZnormProcess.start(
                        log,
                        Map.of(),
                        "compare",
                        grid.toString(),
                        "--out",
                        out.toString(),
                        "--jobs",
                        "2");
        assertEquals(0, ZnormProcess.end(p), () -> ZnormProcess.read(log));
        String text = ZnormProcess.read(log);
        assertTrue(text.contains("2 workers, 1 intra-op thread each"), text);
        assertEquals(4, count(text, "epoch 1/1 train loss"), "each cell made once: " + text);
        assertTrue(text.contains("[job 1] ") && text.contains("[job 2] "), text);
        assertTrue(text.contains("report: "), "the parent writes the report: " + text);
        ConcurrencyTest.ReportStatsOnly.assertSameNumbers(
                Json.readObject(alone.resolve("summary.json")),
                Json.readObject(out.resolve("summary.json")));
    }

    @Test
    void indexedJobPodsFillTheGridAndTheReportSaysWhereEachCellRan() throws Exception {
        Path out = dir.resolve("shards");
        Process[] pods = new Process[4];
        for (int k = 0; k < 4; k++) { // two pods at a time on two cores
            pods[k] =
                    ZnormProcess.start(
                            dir.resolve("pod-" + k + ".log"),
                            Map.of(
                                    "JOB_COMPLETION_INDEX",
                                    String.valueOf(k),
                                    "ZNORM_SHARD_COUNT",
                                    "4"),
                            "compare",
                            grid.toString(),
                            "--out",
                            out.toString());
            if (k % 2 == 1) {
                assertEquals(
                        0,
                        ZnormProcess.end(pods[k - 1]),
                        ZnormProcess.read(dir.resolve("pod-" + (k - 1) + ".log")));
                assertEquals(
                        0,
                        ZnormProcess.end(pods[k]),
                        ZnormProcess.read(dir.resolve("pod-" + k + ".log")));
            }
        }
        for (int k = 0; k < 4; k++) {
            String podLog = ZnormProcess.read(dir.resolve("pod-" + k + ".log"));
            assertTrue(
                    podLog.contains("this process: 1 runs made")
                            && podLog.contains("(shard " + k + "/4)")
                            && podLog.contains("[" + (k + 1) + "/4 "),
                    "pod " + k + " makes cell " + k + " alone: " + podLog);
        }
        assertFalse(Files.exists(out.resolve("summary.json")), "shards leave the report to report");
        assertEquals(0, Main.run("report", out.toString()));
        ConcurrencyTest.ReportStatsOnly.assertSameNumbers(
                Json.readObject(alone.resolve("summary.json")),
                Json.readObject(out.resolve("summary.json")));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Where each run ran"), md);
        for (int k = 0; k < 4; k++) {
            assertTrue(md.contains("| kubernetes index " + k + " | " + k + "/4 |"), md);
        }
        assertTrue(md.contains("## Runs that did not finish\n\nNone."), md);
    }

    @Test
    void aReportOfAGridStillBeingFilledListsTheMissingCells() throws Exception {
        Path out = dir.resolve("partial");
        assertEquals(
                0, Main.run("compare", grid.toString(), "--out", out.toString(), "--shard", "1/2"));
        assertEquals(0, Main.run("report", out.toString()));
        String md = Files.readString(out.resolve("report.md"));
        // the cells go seed by seed, methods side by side: shard 1/2 holds the znorm+adam ones
        assertTrue(
                md.contains("- resnet8 / adam / seed 0: missing")
                        && md.contains("- resnet8 / adam / seed 1: missing"),
                md);
        assertFalse(md.contains("znorm+adam / seed 0: missing"), md);
        assertTrue(md.contains("| resnet8 / adam / seed 0 | missing | not recorded | - | - |"), md);
        assertTrue(md.contains("| resnet8 / znorm+adam / seed 1 | finished | "), md);
    }

    @Test
    void workersShareTheCoresAndNeverOversubscribe() {
        assertEquals(1, GridWorkers.threadsPerWorker(2, 1, 2));
        assertEquals(1, GridWorkers.threadsPerWorker(2, 0, 2), "a grid without threads: a share");
        assertEquals(4, GridWorkers.threadsPerWorker(4, 0, 16));
        assertEquals(3, GridWorkers.threadsPerWorker(5, 0, 16), "the share rounds down");
        assertEquals(8, GridWorkers.threadsPerWorker(2, 8, 16));
        BadInputException over =
                assertThrows(BadInputException.class, () -> GridWorkers.threadsPerWorker(2, 2, 2));
        assertTrue(over.getMessage().contains("= 4 threads on 2 cores"), over.getMessage());
        assertThrows(BadInputException.class, () -> GridWorkers.threadsPerWorker(3, 0, 2));
        assertThrows(BadInputException.class, () -> GridWorkers.threadsPerWorker(0, 1, 2));
    }

    @Test
    void emitWritesTheLaunchFilesAndTrainsNothing() throws Exception {
        Path out = dir.resolve("emitted");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            assertEquals(
                    0,
                    Main.run(
                            "compare",
                            grid.toString(),
                            "--out",
                            out.toString(),
                            "--emit",
                            "slurm",
                            "--parallel",
                            "2"));
            assertEquals(
                    0,
                    Main.run(
                            "compare",
                            grid.toString(),
                            "--out",
                            out.toString(),
                            "--emit",
                            "k8s",
                            "--image",
                            "znorm:test",
                            "--pvc",
                            "work"));
        } finally {
            System.setOut(old);
        }
        try (Stream<Path> files = Files.list(out.resolve("launch"))) {
            assertEquals(
                    List.of(
                            "compare-job.yaml",
                            "compare.sbatch",
                            "logs",
                            "report-job.yaml",
                            "report.sbatch",
                            "submit.sh"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(out.resolve("runs")), "nothing trained");
        String sbatch = Files.readString(out.resolve("launch/compare.sbatch"));
        assertTrue(sbatch.contains("#SBATCH --array=0-3%2"), sbatch);
        assertTrue(
                sbatch.contains(
                        " compare " + grid.toAbsolutePath() + " --out " + out.toAbsolutePath()),
                "Slurm tasks see absolute paths: " + sbatch);
        String text = console.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("submit: ") && text.contains("kubectl apply -f"), text);
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
