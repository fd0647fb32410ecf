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
        // methods per model: the wide list on resnet8, the pair alone on its plain twin
        Path cfg = config("name: tiny\ndata: " + sample() + "\n"
                + "methods:\n  resnet8: [adam, znorm+adam, 'sgd:lr=1e30']\n  plain8: [adam, znorm+adam]\n"
                + "seeds: [0, 1]\nepochs: 3\nbatch: 32\n"
                + "train_subset: 128\nthreads: 2\ntarget_accuracy: 0.1\ngrad_stats_every: 1\n");
        Path out = dir.resolve("out");
        assertEquals(0, Main.run("compare", cfg.toString(), "--out", out.toString()));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"verdict\":"), summary);
        assertTrue(summary.contains("diverged"), "the diverging run is recorded with its reason: " + summary);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| znorm+adam |") && md.contains("[95% CI]") && md.contains("sgd:lr=1e30 / seed 0: failed"), md);
        assertTrue(md.contains("## plain8") && Files.exists(CompareConfig.runDir(out, "plain8", "znorm+adam", 1).resolve("result.json"))
                && !Files.exists(CompareConfig.runDir(out, "plain8", "sgd:lr=1e30", 0)), "plain8 runs only its own methods");
        assertTrue(md.contains("## Gain with and without shortcuts") && md.contains("| resnet8 vs plain8 | znorm+adam |")
                && !md.contains("| resnet8 vs plain8 | sgd:lr=1e30 |"), "the shortcut interaction, for the methods both nets ran: " + md);
        com.fasterxml.jackson.databind.JsonNode sj = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary);
        double expected = 0;
        for (int seed = 0; seed < 2; seed++) {
            expected += (finalOf(sj, "resnet8", "znorm+adam", seed) - finalOf(sj, "resnet8", "adam", seed))
                    - (finalOf(sj, "plain8", "znorm+adam", seed) - finalOf(sj, "plain8", "adam", seed));
        }
        assertTrue(md.contains("### znorm+adam against each alternative") && md.contains("### Epochs to the target"), md);
        assertEquals(expected / 2, sj.at("/shortcut_interaction/resnet8 vs plain8/znorm+adam/mean").asDouble(), 1e-12,
                "the mean difference of paired differences, from the per-seed finals in the same summary");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Raw-gradient L2 norm"), "charts and heatmaps inline");
        long finishedBefore = Files.getLastModifiedTime(
                CompareConfig.runDir(out, "resnet8", "adam", 0).resolve("result.json")).toMillis();
        assertEquals(0, Main.run("compare", cfg.toString(), "--out", out.toString()));
        assertEquals(finishedBefore, Files.getLastModifiedTime(
                CompareConfig.runDir(out, "resnet8", "adam", 0).resolve("result.json")).toMillis(), "not run again");
        assertEquals(0, Main.run("report", out.toString()));
    }

    private static double finalOf(com.fasterxml.jackson.databind.JsonNode summary, String model, String method, int seed) {
        return summary.path("models").path(model).path(method).path("seeds").get(seed).path("final").asDouble();
    }

    @Test
    void methodsCanDifferPerModel() throws Exception {
        CompareConfig c = CompareConfig.read(config("data: x\nmethods:\n  resnet20: [adam, znorm+adam, center+adam]\n"
                + "  resnet56: [adam, znorm+adam]\nseeds: [0, 1, 2]\n"));
        assertEquals(java.util.List.of("resnet20", "resnet56"), c.models());
        assertEquals(java.util.List.of("adam", "znorm+adam"), c.methods("resnet56"));
        assertEquals(15, c.size());
        assertEquals("adam", c.baseline(), "the first method of the first model");
        CompareConfig same = CompareConfig.read(config("data: x\nmodels: [resnet20, plain20]\nmethods: [adam, gc+adam]\nseeds: [0]\n"));
        assertEquals(same.methods("resnet20"), same.methods("plain20"));
        assertEquals(4, same.size());
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
        "'data: x\nmethods: {resnet20: [adam, gc+adam], resnet56: [znorm+adam]}\nseeds: [0]\n' | baseline 'adam' is not one of the methods [znorm+adam] of resnet56",
        "'data: x\nmodels: [resnet56, resnet20]\nmethods: {resnet20: [adam], resnet56: [adam]}\nseeds: [0]\n' | must list the same models",
        "'data: x\nmethods: {}\nseeds: [0]\n' | must name at least one model",
        "'data: x\nmethods: {resnet20: adam}\nseeds: [0]\n' | 'methods: resnet20' must be a non-empty list",
        "'data: x\nmethods: {resnet21: [adam]}\nseeds: [0]\n' | 6n + 2",
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
