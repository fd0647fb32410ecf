package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** znorm compare on a tiny grid, and every kind of config mistake. */
class CompareTest {

    @TempDir
    Path dir;

    private static String sample() {
        return Path.of(System.getProperty("znorm.home", "..")).resolve("demo/cifar10").toAbsolutePath().toString();
    }

    private Path config(String body) throws Exception {
        return Files.writeString(dir.resolve("grid.yaml"), body);
    }

    @Test
    void runsTheGridRecordsADivergingRunAndSkipsFinishedRunsWhenRunAgain() throws Exception {
        Path cfg = config("name: tiny\ndata: " + sample() + "\nmodels: [resnet8]\n"
                + "methods: [adam, znorm+adam, 'sgd:lr=1e30']\nseeds: [0, 1]\nepochs: 3\nbatch: 32\n"
                + "train_subset: 128\nthreads: 2\ntarget_accuracy: 0.1\ngrad_stats_every: 1\n");
        Path out = dir.resolve("out");
        assertEquals(0, Main.run("compare", cfg.toString(), "--out", out.toString()));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"verdict\":"), summary);
        assertTrue(summary.contains("diverged"), "the diverging run is recorded with its reason: " + summary);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| znorm+adam |") && md.contains("[95% CI]") && md.contains("sgd:lr=1e30 / seed 0: failed"), md);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Raw-gradient L2 norm"), "charts and heatmaps inline");
        long finishedBefore = Files.getLastModifiedTime(
                CompareConfig.runDir(out, "resnet8", "adam", 0).resolve("result.json")).toMillis();
        assertEquals(0, Main.run("compare", cfg.toString(), "--out", out.toString()));
        assertEquals(finishedBefore, Files.getLastModifiedTime(
                CompareConfig.runDir(out, "resnet8", "adam", 0).resolve("result.json")).toMillis(), "not run again");
        assertEquals(0, Main.run("report", out.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'models: [resnet20]\nmethods: [adam]\nseeds: [0]\ncolour: red\n' | unknown setting 'colour'",
        "'models: [resnet20]\nmethods: [adam]\nseeds: [0]\n' | 'data' (the dataset path) is required",
        "'data: x\nmodels: [resnet20]\nmethods: [znrom+adam]\nseeds: [0]\n' | unknown method 'znrom'",
        "'data: x\nmodels: [resnet21]\nmethods: [adam]\nseeds: [0]\n' | 6n + 2",
        "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [zero]\n' | seeds: 'zero' is not an integer",
        "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [0]\nbaseline: sgd\n' | baseline 'sgd' is not one of the methods",
        "'data: x\nmodels: [resnet20]\nmethods: [adam, adam]\nseeds: [0]\n' | lists an entry twice",
        "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [0]\nepochs: -1\n' | 'epochs' must be an integer >= 1",
        "'data: [unclosed\n' | not valid YAML",
        "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [0]\n' | does not exist",
    })
    void badConfigsSayWhatIsWrongBeforeAnyTraining(String body, String message) throws Exception {
        Path cfg = config(body);
        UserError e = assertThrows(UserError.class, () -> {
            CompareConfig c = CompareConfig.read(cfg);
            Datasets.load(c.dataset(), c.data());
        });
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("grid.yaml") || message.equals("does not exist"), e.getMessage());
    }
}
