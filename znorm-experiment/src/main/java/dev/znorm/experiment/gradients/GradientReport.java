package dev.znorm.experiment.gradients;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.env.GitInfo;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.Json;
import dev.znorm.experiment.report.Heatmap;
import dev.znorm.experiment.report.LineChart;
import dev.znorm.experiment.report.Svg;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gradient study's files: gradients.json, a heatmap per network raw and transformed, norm by
 * depth, report.html.
 */
public final class GradientReport {

    private GradientReport() {}

    /** Writes the files and returns the one-paragraph description of the study. */
    public static String write(
            Path out,
            Map<String, GradientStudy.Stats> stats,
            String method,
            String transform,
            int steps,
            int batch,
            long seed,
            Path data)
            throws IOException {
        List<String> svgs = new ArrayList<>();
        List<LineChart.Series> depthRaw = new ArrayList<>();
        Map<String, Object> all = new LinkedHashMap<>();
        long[] stepIds = new long[steps];
        for (int s = 0; s < steps; s++) {
            stepIds[s] = s;
        }
        for (Map.Entry<String, GradientStudy.Stats> e : stats.entrySet()) {
            GradientStudy.Stats st = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("initial_weights_sha256", st.initialWeights());
            m.put("layers", st.layers());
            m.put("raw", byStat(st.raw()));
            m.put("after_" + transform, byStat(st.after()));
            all.put(e.getKey(), m);
            svgs.add(
                    Heatmap.svg(
                            e.getKey() + ": raw-gradient L2 norm per layer",
                            st.layers(),
                            stepIds,
                            st.raw()[0],
                            Math.log10(Math.max(1e-12, min(st.raw()[0]))),
                            Math.log10(Math.max(1e-12, max(st.raw()[0]))) + 1e-9));
            svgs.add(
                    Heatmap.svg(
                            e.getKey() + ": after " + transform,
                            st.layers(),
                            stepIds,
                            st.after()[0],
                            Math.log10(Math.max(1e-12, min(st.after()[0]))),
                            Math.log10(Math.max(1e-12, max(st.after()[0]))) + 0.01));
            double[] byDepth = new double[st.layers().size()];
            for (int l = 0; l < byDepth.length; l++) {
                double sum = 0;
                for (int s = 0; s < steps; s++) {
                    sum += st.raw()[0][l][s];
                }
                byDepth[l] = Math.log10(sum / steps);
            }
            depthRaw.add(new LineChart.Series(e.getKey(), byDepth));
        }
        String depth =
                LineChart.svg(
                        "mean raw-gradient L2 norm by depth (log10), steps 1-" + steps,
                        "layer (input side first)",
                        "log10 norm",
                        depthRaw);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("models", List.copyOf(stats.keySet()));
        doc.put("method", method);
        doc.put("transform", transform);
        doc.put("steps", steps);
        doc.put("batch", batch);
        doc.put("seed", seed);
        doc.put("data", data.toAbsolutePath().normalize().toString());
        doc.put("intra_op_threads", Threads.current());
        doc.put("git_commit", GitInfo.commit());
        doc.put("statistics", all);
        AtomicFiles.write(out.resolve("gradients.json"), Json.write(doc) + "\n");
        AtomicFiles.write(out.resolve("norm-by-depth.svg"), depth);
        for (int i = 0; i < svgs.size(); i++) {
            AtomicFiles.write(out.resolve("heatmap-" + i + ".svg"), svgs.get(i));
        }
        String context =
                String.format(
                        Locale.ROOT,
                        "%s from the same initial weights (seed %d) on the same %d batches of %d"
                                + " training images from %s, trained with %s; statistics of the raw gradient and after %s at every step.",
                        String.join(" and ", stats.keySet()),
                        seed,
                        steps,
                        batch,
                        data,
                        method,
                        transform);
        AtomicFiles.write(
                out.resolve("report.html"),
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Gradient"
                        + " statistics</title></head><body style=\"font-family:sans-serif\"><h1>Per-layer gradient statistics</h1><p>"
                        + Svg.esc(context)
                        + "</p>"
                        + depth
                        + "<div>"
                        + String.join("", svgs)
                        + "</div></body></html>\n");
        return context;
    }

    private static Map<String, Object> byStat(double[][][] s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("norm", s[0]);
        m.put("mean", s[1]);
        m.put("std", s[2]);
        return m;
    }

    private static double min(double[][] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] r : v) {
            for (double x : r) {
                if (x > 0) {
                    m = Math.min(m, x);
                }
            }
        }
        return m;
    }

    private static double max(double[][] v) {
        double m = 0;
        for (double[] r : v) {
            for (double x : r) {
                m = Math.max(m, x);
            }
        }
        return m;
    }
}
