package dev.znorm.experiment.report;

import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a comparison's summary.json, report.md, report.html and chart files into its folder. */
public final class ReportWriter {

    private ReportWriter() {}

    /** Computes the report of the grid in {@code out} and writes every file of it there. */
    public static ReportModel write(GridSpec spec, Path out) throws IOException {
        ReportModel m = ReportModel.compute(spec, out);
        List<List<String>> heatmaps = new ArrayList<>();
        int[] counts = new int[m.networks().size()];
        int k = 0;
        for (ReportModel.Network n : m.networks()) {
            String base = n.model() + "-";
            AtomicFiles.write(out.resolve(base + "accuracy.svg"), Charts.metric(m, n));
            AtomicFiles.write(out.resolve(base + "loss.svg"), Charts.loss(n));
            List<String> svgs = new ArrayList<>(GradientHeatmaps.svgs(n.heatmaps()));
            for (int i = 0; i < svgs.size(); i++) {
                AtomicFiles.write(out.resolve(base + "gradients-" + i + ".svg"), svgs.get(i));
            }
            for (Path kept : n.heatmaps().kept()) {
                svgs.add(Files.readString(kept));
            }
            heatmaps.add(svgs);
            counts[k++] = svgs.size();
        }
        AtomicFiles.write(out.resolve("summary.json"), SummaryJson.render(m));
        AtomicFiles.write(out.resolve("report.md"), MarkdownReport.render(m, counts));
        AtomicFiles.write(out.resolve("report.html"), HtmlReport.render(m, heatmaps));
        return m;
    }
}
