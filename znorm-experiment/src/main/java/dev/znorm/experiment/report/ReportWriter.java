package dev.znorm.experiment.report;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.grid.GridFolder;
import dev.znorm.experiment.grid.GridSpec;
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
        ReportModel[] model = new ReportModel[1];
        // the data path as the config copy beside the report writes it
        GridSpec placed = spec.placedIn(out);
        GridFolder.underLock(
                out, "writing the report", () -> model[0] = writeUnlocked(placed, out));
        return model[0];
    }

    private static ReportModel writeUnlocked(GridSpec spec, Path out) throws IOException {
        ReportModel m = ReportModel.compute(spec, out);
        List<ReportLayout.Charts> charts = new ArrayList<>();
        for (ReportModel.Network n : m.networks()) {
            String base = n.model() + "-";
            String metric = Charts.metric(m, n);
            String loss = Charts.loss(n);
            String forest = Charts.forest(m, n);
            String confusion =
                    n.confusion().isEmpty()
                            ? ""
                            : ConfusionMatrices.svg(
                                    n.confusion(),
                                    n.model()
                                            + ": confusion matrices on the '"
                                            + m.spec().split()
                                            + "' split, final epoch, summed over seeds");
            if (!confusion.isEmpty()) {
                AtomicFiles.write(out.resolve(base + "confusion.svg"), confusion);
            }
            AtomicFiles.write(out.resolve(base + "accuracy.svg"), metric);
            AtomicFiles.write(out.resolve(base + "loss.svg"), loss);
            if (!forest.isEmpty()) {
                AtomicFiles.write(out.resolve(base + "forest.svg"), forest);
            }
            List<String> heatmaps = new ArrayList<>(GradientHeatmaps.svgs(n.heatmaps()));
            for (int i = 0; i < heatmaps.size(); i++) {
                AtomicFiles.write(out.resolve(base + "gradients-" + i + ".svg"), heatmaps.get(i));
            }
            for (Path kept : n.heatmaps().kept()) {
                heatmaps.add(Files.readString(kept));
            }
            byte[] masks =
                    n.gallery().isEmpty() ? new byte[0] : SegmentationGallery.png(n.gallery());
            if (masks.length > 0) {
                AtomicFiles.write(out.resolve(base + "masks.png"), masks);
            }
            charts.add(new ReportLayout.Charts(metric, loss, forest, confusion, masks, heatmaps));
        }
        AtomicFiles.write(out.resolve("summary.json"), SummaryJson.render(m));
        AtomicFiles.write(
                out.resolve("report.md"), ReportLayout.render(m, charts, new MarkdownPage()));
        AtomicFiles.write(
                out.resolve("report.html"), ReportLayout.render(m, charts, new HtmlPage()));
        return m;
    }
}
