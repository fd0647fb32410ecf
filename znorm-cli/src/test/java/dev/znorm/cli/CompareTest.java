package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.grid.Cell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** znorm compare on a tiny grid, end to end through the command line. */
class CompareTest {

    @TempDir Path dir;

    private static Path sample() {
        return Path.of(System.getProperty("znorm.home", ".."))
                .resolve("demo/cifar10")
                .toAbsolutePath()
                .normalize();
    }

    private Path config(String body) throws Exception {
        return Files.writeString(dir.resolve("grid.yaml"), body);
    }

    @Test
    void runsTheGridRecordsADivergingRunAndSkipsFinishedRunsWhenRunAgain() throws Exception {
        // methods per model: the wide list on resnet8, the pair alone on its plain twin
        Path cfg =
                config(
                        // relative to the config, whose copy lies one folder deeper
                        "name: tiny\ndata: "
                                + dir.relativize(sample())
                                + "\n"
                                + "methods:\n  resnet8: [adam, znorm+adam, 'sgd:lr=1e30']\n  plain8: [adam, znorm+adam]\n"
                                + "seeds: [0, 1]\nepochs: 3\nbatch: 32\n"
                                + "train_subset: 128\nthreads: 2\ntarget_accuracy: 0.1\ngrad_stats_every: 1\n");
        Path out = dir.resolve("out");
        assertEquals(0, Main.run("compare", cfg.toString(), "--out", out.toString()));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"verdict\":"), summary);
        assertTrue(
                summary.contains("diverged"),
                "the diverging run is recorded with its reason: " + summary);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(
                md.contains("| znorm+adam |")
                        && md.contains("[95% CI]")
                        && md.contains("sgd:lr=1e30 / seed 0: failed"),
                md);
        assertTrue(
                md.contains("## plain8")
                        && Files.exists(
                                new Cell(0, "plain8", "znorm+adam", 1)
                                        .dir(out)
                                        .resolve("result.json"))
                        && !Files.exists(new Cell(0, "plain8", "sgd:lr=1e30", 0).dir(out)),
                "plain8 runs only its own methods");
        assertTrue(
                md.contains("## Gain with and without shortcuts")
                        && md.contains("| resnet8 vs plain8 | znorm+adam |")
                        && !md.contains("| resnet8 vs plain8 | sgd:lr=1e30 |"),
                "the shortcut interaction, for the methods both nets ran: " + md);
        com.fasterxml.jackson.databind.JsonNode sj =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary);
        double expected = 0;
        for (int seed = 0; seed < 2; seed++) {
            expected +=
                    (finalOf(sj, "resnet8", "znorm+adam", seed)
                                    - finalOf(sj, "resnet8", "adam", seed))
                            - (finalOf(sj, "plain8", "znorm+adam", seed)
                                    - finalOf(sj, "plain8", "adam", seed));
        }
        assertTrue(
                md.contains("### znorm+adam against each alternative")
                        && md.contains("### Epochs to the target"),
                md);
        assertEquals(
                expected / 2,
                sj.at("/shortcut_interaction/resnet8 vs plain8/znorm+adam/mean").asDouble(),
                1e-12,
                "the mean difference of paired differences, from the per-seed finals in the same summary");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(
                html.contains("<svg") && html.contains("Raw-gradient L2 norm"),
                "charts and heatmaps inline");
        long finishedBefore =
                Files.getLastModifiedTime(
                                new Cell(0, "resnet8", "adam", 0).dir(out).resolve("result.json"))
                        .toMillis();
        assertEquals(0, Main.run("compare", cfg.toString(), "--out", out.toString()));
        assertEquals(
                finishedBefore,
                Files.getLastModifiedTime(
                                new Cell(0, "resnet8", "adam", 0).dir(out).resolve("result.json"))
                        .toMillis(),
                "not run again");
        String reportOfCompare = Files.readString(out.resolve("report.md"));
        assertEquals(0, Main.run("report", out.toString()));
        assertEquals(
                reportOfCompare,
                Files.readString(out.resolve("report.md")),
                "the report rebuilt from the folder's config copy is the one compare wrote");
        assertTrue(
                reportOfCompare.contains("(" + out.relativize(sample()) + ")"),
                "the data path as seen from the report's folder: " + reportOfCompare);
    }

    private static double finalOf(
            com.fasterxml.jackson.databind.JsonNode summary,
            String model,
            String method,
            int seed) {
        return summary.path("models")
                .path(model)
                .path(method)
                .path("seeds")
                .get(seed)
                .path("final")
                .asDouble();
    }
}
