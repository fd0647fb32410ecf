package dev.znorm.experiment.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.znorm.experiment.io.Json;
import dev.znorm.experiment.report.ReportModel;
import dev.znorm.experiment.report.ReportWriter;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A grid run and reported from Java alone, as a program uses the library: no command line. */
class GridRunnerTest {

    @TempDir Path dir;

    static Path sample() {
        return Path.of(System.getProperty("znorm.home", "../.."))
                .resolve("demo/cifar10")
                .toAbsolutePath();
    }

    @Test
    void runsATinyGridSkipsWhatFinishedAndBuildsItsReport() throws Exception {
        Path cfg =
                Files.writeString(
                        dir.resolve("tiny.yaml"),
                        "name: tiny\ndata: "
                                + sample()
                                + "\nmodels: [resnet8]\n"
                                + "methods: [adam, znorm+adam]\nseeds: [0, 1]\nepochs: 1\nbatch: 32\ntrain_subset: 64\nthreads: 1\n"
                                + "split: test\ntarget_accuracy: 0.05\ngrad_stats_every: 1\n");
        GridSpec spec = GridSpecReader.read(cfg);
        Path out = dir.resolve("out");
        List<String> log = new ArrayList<>();
        GridRunner.Outcome first =
                new GridRunner(spec, out, label -> RunListener.SILENT, log::add).run();
        assertEquals(new GridRunner.Outcome(4, 0, 0, 0), first);
        for (Cell c : spec.cells()) {
            assertTrue(
                    new RunFolder(c.dir(out)).readResult().orElseThrow().finished(), c.toString());
        }
        GridRunner.Outcome again =
                new GridRunner(spec, out, label -> RunListener.SILENT, log::add).run();
        assertEquals(new GridRunner.Outcome(0, 4, 0, 0), again, "finished runs are not run again");
        assertTrue(
                log.stream().filter(l -> l.contains("finished earlier, skipped")).count() == 4,
                log.toString());

        ReportModel model = ReportWriter.write(spec, out);
        assertEquals(1, model.networks().size());
        assertEquals(
                2, model.networks().get(0).results().rows().get(1).diff().n(), "two paired seeds");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        double seed0 =
                summary.at("/models/resnet8/znorm+adam/seeds/0/final").asDouble()
                        - summary.at("/models/resnet8/adam/seeds/0/final").asDouble();
        double seed1 =
                summary.at("/models/resnet8/znorm+adam/seeds/1/final").asDouble()
                        - summary.at("/models/resnet8/adam/seeds/1/final").asDouble();
        assertEquals(
                (seed0 + seed1) / 2,
                summary.at("/models/resnet8/znorm+adam/diff_to_baseline_mean").asDouble(),
                1e-12);
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"), "charts inline");
        assertTrue(
                Files.exists(out.resolve("resnet8-gradients-0.svg")),
                "heatmaps from the recorded gradients");
    }

    @Test
    void rerunChangedRunsAgainACellThatFinishedWithOtherSettings() throws Exception {
        String grid =
                "name: one\ndata: "
                        + sample()
                        + "\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0]\nepochs: 1\nbatch: 32\n"
                        + "train_subset: 64\nthreads: 1\nsplit: test\n";
        Path out = dir.resolve("out");
        Path cfg = Files.writeString(dir.resolve("one.yaml"), grid);
        List<String> log = new ArrayList<>();
        new GridRunner(GridSpecReader.read(cfg), out, label -> RunListener.SILENT, log::add).run();
        Files.writeString(cfg, grid.replace("epochs: 1", "epochs: 2"));
        GridSpec twoEpochs = GridSpecReader.read(cfg);
        GridRunner.Outcome again =
                new GridRunner(twoEpochs, out, label -> RunListener.SILENT, log::add)
                        .rerunChanged(true)
                        .run();
        assertEquals(new GridRunner.Outcome(1, 0, 0, 0), again, log.toString());
        RunFolder run = new RunFolder(twoEpochs.cells().get(0).dir(out));
        assertEquals(2, run.readEpochs().size(), "the run was made again with two epochs");
        assertEquals(2, run.readConfig().orElseThrow().spec().epochs());
    }
}
