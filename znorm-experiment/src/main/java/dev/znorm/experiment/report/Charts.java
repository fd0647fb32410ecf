package dev.znorm.experiment.report;

import java.util.List;

/**
 * The SVG charts of a report, drawn from the model (the Markdown links them, the HTML inlines
 * them).
 */
final class Charts {

    private Charts() {}

    static String metric(ReportModel m, ReportModel.Network n) {
        return LineChart.svg(
                m.spec().split() + " headline metric (mean ± 1 std over seeds)",
                "epoch",
                m.metrics().primaryLabel() + " (%)",
                n.metricCurves());
    }

    /** The forest plot of the network's headline table, or "" with the baseline alone. */
    static String forest(ReportModel m, ReportModel.Network n) {
        List<ForestPlot.Row> rows = ForestPlot.rows(n.results());
        return rows.isEmpty()
                ? ""
                : ForestPlot.svg(
                        n.model()
                                + ": final "
                                + m.metrics().primaryLabel()
                                + " − "
                                + m.spec().baseline()
                                + ", paired by seed",
                        "difference (percentage points); verdict corrected for "
                                + rows.size()
                                + (rows.size() == 1 ? " comparison" : " comparisons")
                                + " (Holm)",
                        rows);
    }

    static String loss(ReportModel.Network n) {
        return LineChart.svg(
                "training loss (mean ± 1 std over seeds)",
                "epoch",
                "mean training loss",
                n.lossCurves());
    }
}
