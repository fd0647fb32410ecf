package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.grid.GridFolder;
import dev.znorm.experiment.grid.GridSpecReader;
import dev.znorm.experiment.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --until-resolved} on a real tiny grid with two workers: it adds seeds (passed to
 * the workers), records each look, writes the grid copy with the seeds it ended with, and its
 * report (rebuilt by {@code znorm report}) says how many seeds it took and why it stopped.
 */
class UntilResolvedCliTest {

    @TempDir Path dir;

    @Test
    void addsSeedsUntilTheMaximumAndSaysSo() throws Exception {
        Path grid = SamplePairGrid.write(dir.resolve("pair.yaml"), "pair", 2, 32);
        Path out = dir.resolve("out");
        Path log = dir.resolve("log");
        Process p =
                ZnormProcess.start(
                        log,
                        Map.of(),
                        "compare",
                        grid.toString(),
                        "--out",
                        out.toString(),
                        "--until-resolved",
                        "--max-seeds",
                        "3",
                        "--jobs",
                        "2");
        assertEquals(0, ZnormProcess.end(p), () -> ZnormProcess.read(log));
        String text = ZnormProcess.read(log);
        assertTrue(text.contains("--until-resolved, 2 seeds (intervals at 97.50%)"), text);
        assertTrue(text.contains("--until-resolved stopped at the maximum of 3 seeds"), text);
        assertEquals(
                List.of(0L, 1L, 2L),
                GridSpecReader.read(out.resolve(GridFolder.CONFIG)).seeds(),
                "the grid copy holds the seeds that ran");
        assertEquals(
                6,
                text.split("epoch 1/1 train loss", -1).length - 1,
                "2 methods x 3 seeds, each made once: " + text);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(
                md.contains("## Seeds until the answer is clear")
                        && md.contains("Stopped: at the maximum of 3 seeds")
                        && md.contains("| 2 | ")
                        && md.contains("| 3 | "),
                md);
        String summary = Files.readString(out.resolve("summary.json"));
        assertEquals(0, Main.run("report", out.toString()));
        assertEquals(
                Json.MAPPER.readTree(summary),
                Json.MAPPER.readTree(out.resolve("summary.json").toFile()),
                "znorm report rebuilds the same summary, the looks included");
    }
}
