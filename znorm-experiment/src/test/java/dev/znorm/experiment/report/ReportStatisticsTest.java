package dev.znorm.experiment.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.znorm.experiment.grid.Cell;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.grid.GridSpecReader;
import dev.znorm.experiment.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison report's paired statistics on run records with known values, checked against sums
 * worked out here (no training): differences to the baseline, ZNorm against another method, the
 * shortcut interaction and the epochs to the target.
 */
class ReportStatisticsTest {

    private static final double T_975_DF2 = 4.302652729911275; // Student t, 97.5th percentile, 2 df

    @TempDir Path dir;

    /** Validation accuracy per epoch of each run, seeds 0, 1, 2. */
    private static final Map<String, double[][]> CURVES = new LinkedHashMap<>();

    static {
        CURVES.put(
                "resnet20/adam",
                new double[][] {{0.30, 0.48, 0.50}, {0.30, 0.48, 0.52}, {0.30, 0.48, 0.51}});
        CURVES.put(
                "resnet20/znorm+adam",
                new double[][] {{0.30, 0.51, 0.53}, {0.30, 0.51, 0.54}, {0.30, 0.51, 0.55}});
        CURVES.put(
                "resnet20/gc+adam",
                new double[][] {{0.30, 0.45, 0.51}, {0.30, 0.45, 0.53}, {0.30, 0.45, 0.50}});
        CURVES.put(
                "plain20/adam",
                new double[][] {{0.30, 0.40, 0.45}, {0.30, 0.40, 0.46}, {0.30, 0.40, 0.44}});
        CURVES.put(
                "plain20/znorm+adam",
                new double[][] {{0.30, 0.40, 0.46}, {0.30, 0.40, 0.47}, {0.30, 0.40, 0.46}});
    }

    @Test
    void pairedStatisticsMatchHandSums() throws Exception {
        Path cfgFile =
                Files.writeString(
                        dir.resolve("grid.yaml"),
                        """
                        data: x
                        methods:
                          resnet20: [adam, znorm+adam, gc+adam]
                          plain20: [adam, znorm+adam]
                        seeds: [0, 1, 2]
                        split: val
                        target_accuracy: 0.5
                        """);
        GridSpec cfg = GridSpecReader.read(cfgFile);
        Path out = dir.resolve("out");
        for (Map.Entry<String, double[][]> e : CURVES.entrySet()) {
            String[] mm = e.getKey().split("/", -1);
            for (int seed = 0; seed < 3; seed++) {
                Path run = Files.createDirectories(new Cell(0, mm[0], mm[1], seed).dir(out));
                StringBuilder lines = new StringBuilder();
                double[] acc = e.getValue()[seed];
                for (int ep = 0; ep < acc.length; ep++) {
                    lines.append(
                                    Json.write(
                                            Map.of(
                                                    "epoch",
                                                    ep + 1,
                                                    "steps",
                                                    10 * (ep + 1),
                                                    "train_loss",
                                                    2.0 - acc[ep],
                                                    "primary",
                                                    Map.of("val", acc[ep]),
                                                    "epoch_seconds",
                                                    2.0)))
                            .append('\n');
                }
                Files.writeString(run.resolve("metrics.jsonl"), lines);
                Files.writeString(
                        run.resolve("result.json"),
                        Json.write(Map.of("status", "finished", "wall_seconds", 6.0)));
                // a two-class task: F1 of "tumour" = final accuracy, of "normal" = 1 - it
                double last = acc[acc.length - 1];
                Map<String, Object> perClass = new LinkedHashMap<>();
                perClass.put("tumour", Map.of("f1", last));
                perClass.put("normal", Map.of("f1", 1 - last));
                // true class by row: seed + 1 and 2 tumours found/missed, 3 and 10 + seed normals
                List<List<Integer>> confusion =
                        List.of(List.of(seed + 1, 2), List.of(3, 10 + seed));
                Files.writeString(
                        run.resolve("eval-last.json"),
                        Json.write(
                                Map.of(
                                        "val",
                                        Map.of(
                                                "per_class",
                                                perClass,
                                                "confusion_matrix",
                                                confusion))));
            }
        }
        // a run still writing (or killed while writing) its next record: the report reads what is
        // whole
        Files.writeString(
                new Cell(0, "resnet20", "gc+adam", 2).dir(out).resolve("metrics.jsonl"),
                "{\"epoch\":4,\"ste",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(
                new Cell(0, "resnet20", "adam", 0).dir(out).resolve("gradients.jsonl"),
                "{\"step\":0,\"layers\":[{\"name\":\"w\",\"norm\":1.0,\"mean\":0.0,\"std\":0.1}]}\n{\"step\":20,\"lay");
        ReportWriter.write(cfg, out);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());

        // ZNorm - Adam on resnet20: 0.03, 0.02, 0.04
        checkInterval(
                s.at("/models/resnet20/znorm+adam"),
                "diff_to_baseline_mean",
                "diff_ci95",
                0.03,
                0.02,
                0.04);
        checkInterval(
                s.at("/class_f1/resnet20/znorm+adam/tumour/diff_to_baseline"),
                "mean",
                "ci95",
                0.03,
                0.02,
                0.04);
        checkInterval(
                s.at("/class_f1/resnet20/znorm+adam/normal/diff_to_baseline"),
                "mean",
                "ci95",
                -0.03,
                -0.02,
                -0.04);
        assertEquals(
                (0.53 + 0.54 + 0.55) / 3,
                s.at("/class_f1/resnet20/znorm+adam/tumour/mean").asDouble(),
                1e-12);
        // the paired t test's two-sided p-value, with 2 degrees of freedom in closed form:
        // p = 1 - |t| / sqrt(t^2 + 2), t = mean / (sd / sqrt(3))
        double pZnorm = pDf2(0.03, 0.02, 0.04);
        double pGc = pDf2(0.01, 0.01, -0.01);
        assertEquals(0.0351, pZnorm, 1e-4, "t = 5.196");
        assertEquals(2.0 / 3, pGc, 1e-9, "t = 0.5");
        JsonNode z = s.at("/models/resnet20/znorm+adam");
        assertEquals(pZnorm, z.path("p_value").asDouble(), 1e-9);
        // Holm over the table's two comparisons: 2 x 0.0351 = 0.0702, then max(0.0702, 0.667)
        assertEquals(2 * pZnorm, z.path("p_holm").asDouble(), 1e-9);
        assertEquals(pGc, s.at("/models/resnet20/gc+adam/p_holm").asDouble(), 1e-9);
        assertEquals("better", z.path("verdict_uncorrected").asText(), "the t interval excludes 0");
        assertEquals("inconclusive", z.path("verdict").asText(), "not after Holm");
        // plain20 has one comparison: nothing to correct
        assertEquals(
                s.at("/models/plain20/znorm+adam/p_value").asDouble(),
                s.at("/models/plain20/znorm+adam/p_holm").asDouble(),
                0);
        // bootstrap of three seeds: a resample of one seed thrice has probability 1/27 > 2.5%,
        // so the percentile interval runs from the smallest to the largest difference
        assertEquals(0.02, z.at("/diff_bootstrap_ci95/0").asDouble(), 1e-12);
        assertEquals(0.04, z.at("/diff_bootstrap_ci95/1").asDouble(), 1e-12);
        assertEquals(
                -0.01, s.at("/models/resnet20/gc+adam/diff_bootstrap_ci95/0").asDouble(), 1e-12);
        // probability of improvement: the share of seeds where the method is ahead
        assertEquals(1.0, z.path("probability_of_improvement").asDouble(), 0);
        assertEquals(
                2.0 / 3,
                s.at("/models/resnet20/gc+adam/probability_of_improvement").asDouble(),
                1e-12);
        // ZNorm - GC on resnet20: 0.02, 0.01, 0.05
        assertEquals("znorm+adam", s.at("/head_to_head/resnet20/method").asText());
        checkInterval(
                s.at("/head_to_head/resnet20/against/gc+adam"), "mean", "ci95", 0.02, 0.01, 0.05);
        assertEquals(
                "inconclusive", s.at("/head_to_head/resnet20/against/gc+adam/reading").asText());
        // (ZNorm - Adam on resnet20) - (ZNorm - Adam on plain20): 0.02, 0.01, 0.02
        checkInterval(
                s.at("/shortcut_interaction/resnet20 vs plain20/znorm+adam"),
                "mean",
                "ci95",
                0.02,
                0.01,
                0.02);
        // epochs to 50%, interpolated between epochs: ZNorm crosses in epoch 2, Adam in epoch 3
        double[] zMinusAdam = new double[3];
        for (int seed = 0; seed < 3; seed++) {
            zMinusAdam[seed] =
                    crossing(CURVES.get("resnet20/znorm+adam")[seed])
                            - crossing(CURVES.get("resnet20/adam")[seed]);
        }
        JsonNode speed = s.at("/epochs_to_target_vs_baseline/resnet20");
        assertEquals(1 + 0.20 / 0.21 - 3.0, zMinusAdam[0], 1e-12, "seed 0 by hand: 1.952 - 3");
        checkInterval(
                speed.at("/znorm+adam/epochs_to_target"),
                "mean",
                "ci95",
                zMinusAdam[0],
                zMinusAdam[1],
                zMinusAdam[2]);
        assertEquals("faster", speed.at("/znorm+adam/epochs_to_target/reading").asText());
        assertEquals(
                0,
                s.at("/epochs_to_target_vs_baseline/plain20/znorm+adam/epochs_to_target/seeds")
                        .asInt(),
                "Adam never reaches 50% on the plain net");
        // final training loss is 2 - final accuracy here: ZNorm - Adam = -0.03, -0.02, -0.04
        checkInterval(
                speed.at("/znorm+adam/final_train_loss"), "mean", "ci95", -0.03, -0.02, -0.04);
        assertEquals("lower", speed.at("/znorm+adam/final_train_loss/reading").asText());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(
                md.contains(
                        "| znorm+adam | 54.00 ± 1.00 | 54.00 ± 1.00 | 45.00 ± 0.33 | +3.00 [+0.52, +5.48]"
                                + " | [+2.00, +4.00] | 1.00 | 0.070 | inconclusive (better uncorrected) |"),
                md);
        // confusion matrices summed over the three seeds: [[1+2+3, 6], [9, 10+11+12]]
        String confusion = Files.readString(out.resolve("resnet20-confusion.svg"));
        assertTrue(
                confusion.contains(">6</text>")
                        && confusion.contains(">9</text>")
                        && confusion.contains(">33</text>")
                        && confusion.contains(">gc+adam</text>")
                        && confusion.contains(">tumour</text>"),
                confusion);
        assertTrue(mdContains(out, "![confusion matrices](resnet20-confusion.svg)"));
        String forest = Files.readString(out.resolve("resnet20-forest.svg"));
        assertEquals(2, forest.split("<circle", -1).length - 1, "a row per method: " + forest);
        assertTrue(forest.contains("fill=\"white\"/>") && forest.contains("inconclusive"), forest);
        assertTrue(md.contains("![forest plot](resnet20-forest.svg)"), md);
        assertTrue(
                md.contains("| gc+adam | +2.67 [")
                        && md.contains("| resnet20 vs plain20 | znorm+adam | +1.67 ["),
                md);
        assertTrue(
                Files.readString(out.resolve("report.html"))
                        .contains("<h2>Gain with and without shortcuts</h2>"));
        assertTrue(
                md.contains("resnet20, plain20 on cifar10 (../x),"),
                "the config's data path 'x', as seen from the report's folder: " + md);
        assertTrue(
                md.contains("### F1 of each class, final epoch") && md.contains("| F1 tumour % |"),
                md);
    }

    private static boolean mdContains(Path out, String text) throws java.io.IOException {
        return Files.readString(out.resolve("report.md")).contains(text);
    }

    /** The two-sided p-value of the one-sample t test of three values, by hand (2 df). */
    private static double pDf2(double... x) {
        double mean = (x[0] + x[1] + x[2]) / 3;
        double sd =
                Math.sqrt(
                        ((x[0] - mean) * (x[0] - mean)
                                        + (x[1] - mean) * (x[1] - mean)
                                        + (x[2] - mean) * (x[2] - mean))
                                / 2);
        double t = Math.abs(mean) / (sd / Math.sqrt(3));
        return 1 - t / Math.sqrt(t * t + 2);
    }

    /**
     * The fractional epoch at which a curve (one value per epoch, from epoch 1) first reaches 0.5.
     */
    private static double crossing(double[] curve) {
        for (int i = 1; i < curve.length; i++) {
            if (curve[i] >= 0.5) {
                return i + (0.5 - curve[i - 1]) / (curve[i] - curve[i - 1]);
            }
        }
        return Double.NaN;
    }

    private static void checkInterval(JsonNode node, String meanKey, String ciKey, double... x) {
        double mean = (x[0] + x[1] + x[2]) / 3;
        double sd =
                Math.sqrt(
                        ((x[0] - mean) * (x[0] - mean)
                                        + (x[1] - mean) * (x[1] - mean)
                                        + (x[2] - mean) * (x[2] - mean))
                                / 2);
        double half = T_975_DF2 * sd / Math.sqrt(3);
        assertEquals(mean, node.path(meanKey).asDouble(), 1e-12, node.toString());
        List<Double> ci =
                List.of(node.path(ciKey).get(0).asDouble(), node.path(ciKey).get(1).asDouble());
        assertEquals(mean - half, ci.get(0), 1e-9, node.toString());
        assertEquals(mean + half, ci.get(1), 1e-9, node.toString());
    }
}
