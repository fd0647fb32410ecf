package dev.znorm.experiment.report;

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
                "accuracy or Dice (%)",
                n.metricCurves());
    }

    static String loss(ReportModel.Network n) {
        return LineChart.svg(
                "training loss (mean ± 1 std over seeds)",
                "epoch",
                "mean training loss",
                n.lossCurves());
    }
}
