package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LGG segmentation through the CLI, model/data fit errors, and the gradient study command. */
class SegmentationAndGradientsTest {

    @TempDir Path dir;

    private static Path shared() {
        Path p = Path.of(System.getProperty("znorm.shared.dir", "../../shared")).resolve("data");
        Assumptions.assumeTrue(
                Files.isDirectory(p),
                "skipped: the real datasets are not at " + p.toAbsolutePath());
        return p;
    }

    private static Path sample() {
        return Path.of(System.getProperty("znorm.home", "..")).resolve("demo/cifar10");
    }

    @Test
    void aSegmentationReportShowsEachMethodsMasksOnHeldOutSlices() throws Exception {
        Path lgg = shared().resolve("lgg/kaggle_3m");
        Path grid =
                Files.writeString(
                        dir.resolve("seg.yaml"),
                        "name: masks\ndataset: lgg\ndata: "
                                + lgg
                                + "\nmodels: [unet]\nmethods: [adam, znorm+adam]\nseeds: [0, 1]\n"
                                + "epochs: 1\nbatch: 8\nthreads: 2\nsplit: test\nimage_size: 32\nwidth: 4\n");
        Path out = dir.resolve("masks");
        assertEquals(0, Main.run("compare", grid.toString(), "--out", out.toString()));
        Path seed0 = out.resolve("runs/unet/znorm_adam/seed-0");
        assertTrue(Files.exists(seed0.resolve("showcase.npz")), "the first seed shows its masks");
        assertTrue(
                !Files.exists(out.resolve("runs/unet/znorm_adam/seed-1/showcase.npz")),
                "the other seeds do not");
        dev.znorm.experiment.task.Showcase s =
                dev.znorm.experiment.task.Showcase.read(seed0).orElseThrow();
        assertEquals(4, s.size(), "three slices with the most tumour and one without");
        assertEquals(32, s.height());
        java.awt.image.BufferedImage png =
                javax.imageio.ImageIO.read(out.resolve("unet-masks.png").toFile());
        assertEquals(3 * (64 + 4) - 4, png.getWidth(), "image, adam, znorm+adam at twice the size");
        assertEquals(4 * (64 + 4) - 4, png.getHeight(), "a row per slice");
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(
                md.contains("### Predicted masks on held-out slices")
                        && md.contains("![Predicted masks on held-out slices](unet-masks.png)")
                        && md.contains("| slice | Dice adam | Dice znorm+adam |"),
                md);
        assertTrue(
                Files.readString(out.resolve("report.html"))
                        .contains("src=\"data:image/png;base64,"),
                "the picture is inside report.html");
        assertTrue(
                Files.readString(out.resolve("unet-accuracy.svg")).contains("Dice (%)"),
                "the axis names the metric plotted");
    }

    @Test
    void trainsEvaluatesAndPredictsAUNetOnHeldOutPatients() throws Exception {
        Path lgg = shared().resolve("lgg/kaggle_3m");
        Path run = dir.resolve("seg");
        assertEquals(
                0,
                Main.run(
                        "train",
                        "--dataset",
                        "lgg",
                        "--data",
                        lgg.toString(),
                        "--model",
                        "resunet",
                        "--width",
                        "4",
                        "--image-size",
                        "32",
                        "--steps",
                        "3",
                        "--batch",
                        "8",
                        "--threads",
                        "2",
                        "--out",
                        run.toString()));
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(
                config.contains("\"patients\":{\"train\":[")
                        && config.contains("\"primary_metric\":\"dice\""),
                config);
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        assertTrue(
                metrics.contains("\"dice\":{\"val\":")
                        && metrics.contains("\"iou\":")
                        && metrics.contains("\"pixel_accuracy\":"),
                metrics);
        assertEquals(0, Main.run("evaluate", "--run", run.toString(), "--split", "test"));
        assertTrue(
                Files.readString(run.resolve("evaluate-test.json")).contains("\"dice_per_image\""));
        Path slice = lgg.resolve("TCGA_CS_4942_19970222/TCGA_CS_4942_19970222_10.tif");
        assertEquals(
                0,
                Main.run(
                        "predict",
                        "--run",
                        run.toString(),
                        "--out",
                        dir.resolve("pred").toString(),
                        slice.toString()));
        assertTrue(Files.size(dir.resolve("pred/TCGA_CS_4942_19970222_10-mask.png")) > 0);
        assertTrue(Files.size(dir.resolve("pred/TCGA_CS_4942_19970222_10-overlay.png")) > 0);
    }

    @Test
    void aModelThatDoesNotFitTheDataStopsBeforeTraining() {
        Path out = dir.resolve("x");
        assertEquals(
                2,
                Main.run(
                        "train",
                        "--data",
                        sample().toString(),
                        "--model",
                        "unet",
                        "--out",
                        out.toString()));
        Path lgg = shared().resolve("lgg/kaggle_3m");
        assertEquals(
                2,
                Main.run(
                        "train",
                        "--dataset",
                        "lgg",
                        "--data",
                        lgg.toString(),
                        "--model",
                        "resnet20",
                        "--out",
                        out.toString()));
        assertEquals(
                2,
                Main.run(
                        "train",
                        "--dataset",
                        "lgg",
                        "--data",
                        lgg.toString(),
                        "--model",
                        "unet",
                        "--image-size",
                        "40",
                        "--out",
                        out.toString()));
        assertTrue(!Files.exists(out.resolve("metrics.jsonl")));
    }

    @Test
    void gradientStudyRecordsRawAndTransformedStatisticsOfBothNetworks() throws Exception {
        Path out = dir.resolve("g");
        assertEquals(
                0,
                Main.run(
                        "gradients",
                        "--data",
                        sample().toString(),
                        "--steps",
                        "2",
                        "--batch",
                        "16",
                        "--threads",
                        "2",
                        "--out",
                        out.toString()));
        var stats = Json.MAPPER.readTree(out.resolve("gradients.json").toFile()).path("statistics");
        String resnetStart = stats.path("resnet20").path("initial_weights_sha256").asText();
        assertEquals(64, resnetStart.length(), "a SHA-256 of the initial weights");
        assertEquals(
                resnetStart,
                stats.path("plain20").path("initial_weights_sha256").asText(),
                "both networks start from the same weights");
        for (String net : new String[] {"resnet20", "plain20"}) {
            var after = stats.path(net).path("after_znorm");
            assertEquals(20, stats.path(net).path("layers").size(), net + ": 19 conv + dense");
            for (int layer = 0; layer < 20; layer++) {
                for (int step = 0; step < 2; step++) {
                    double mean = after.path("mean").path(layer).path(step).asDouble();
                    double std = after.path("std").path(layer).path(step).asDouble();
                    // after ZNorm every tensor has mean 0 and population std 1: per-entry RMS 1
                    assertEquals(
                            1.0,
                            Math.sqrt(mean * mean + std * std),
                            1e-5,
                            net + " layer " + layer + " step " + step);
                    assertEquals(0.0, mean, 1e-5, net + " layer " + layer + " mean");
                }
            }
        }
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
        assertEquals(
                2,
                Main.run(
                        "gradients",
                        "--data",
                        sample().toString(),
                        "--models",
                        "resnet20,resnet56",
                        "--steps",
                        "1",
                        "--out",
                        dir.resolve("bad").toString()));
    }
}
