package dev.znorm.experiment.report;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.run.EpochRecord;
import dev.znorm.experiment.run.MetricHistory;
import dev.znorm.experiment.run.RunOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's comparison: a table on the terminal, report.md (with SVG charts) and a self-contained
 * report.html.
 */
public final class DemoReport {

    private DemoReport() {}

    public static String table(List<RunOutcome> runs, String split) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "| %-14s | %10s | %10s | %12s | %10s | %9s | %7s |%n",
                        "method",
                        split + " final",
                        "best",
                        "mean last 3",
                        "train loss",
                        "time",
                        "skipped"));
        sb.append(
                "|----------------|------------|------------|--------------|------------|-----------|---------|\n");
        for (RunOutcome r : runs) {
            MetricHistory h = r.history();
            String loss =
                    r.epochs().isEmpty()
                            ? "-"
                            : String.format(Locale.ROOT, "%.4f", h.finalTrainLoss());
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %-14s | %9.2f%% | %9.2f%% | %11.2f%% | %10s | %8.1fs | %7d |%n",
                            r.spec().method(),
                            100 * h.finalValue(split),
                            100 * h.best(split),
                            100 * h.meanOfLast3(split),
                            loss,
                            r.wallSeconds(),
                            r.skippedSteps()));
        }
        return sb.toString();
    }

    public static void write(
            Path dir, String title, String context, List<RunOutcome> runs, String split)
            throws IOException {
        List<LineChart.Series> acc = new ArrayList<>();
        List<LineChart.Series> loss = new ArrayList<>();
        for (RunOutcome r : runs) {
            acc.add(
                    new LineChart.Series(
                            r.spec().method(),
                            r.epochs().stream()
                                    .mapToDouble(e -> 100 * e.primary(split))
                                    .toArray()));
            loss.add(
                    new LineChart.Series(
                            r.spec().method(),
                            r.epochs().stream().mapToDouble(EpochRecord::trainLoss).toArray()));
        }
        String accSvg = LineChart.svg(split + " accuracy by epoch", "epoch", "accuracy (%)", acc);
        String lossSvg =
                LineChart.svg("training loss by epoch", "epoch", "mean training loss", loss);
        AtomicFiles.write(dir.resolve("accuracy.svg"), accSvg);
        AtomicFiles.write(dir.resolve("loss.svg"), lossSvg);
        String table = table(runs, split);
        AtomicFiles.write(
                dir.resolve("report.md"),
                "# "
                        + title
                        + "\n\n"
                        + context
                        + "\n\n"
                        + table
                        + "\n!["
                        + split
                        + " accuracy](accuracy.svg)\n\n![training loss](loss.svg)\n");
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(Svg.esc(title))
                .append(
                        "</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto}"
                                + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 10px;text-align:right}"
                                + "td:first-child,th:first-child{text-align:left}</style></head><body>\n");
        html.append("<h1>")
                .append(Svg.esc(title))
                .append("</h1>\n<p>")
                .append(Svg.esc(context))
                .append("</p>\n");
        html.append("<table><tr><th>method</th><th>")
                .append(split)
                .append(
                        " final</th><th>best</th><th>mean of last 3</th>"
                                + "<th>final train loss</th><th>wall time</th><th>skipped steps</th></tr>\n");
        for (RunOutcome r : runs) {
            MetricHistory h = r.history();
            html.append(
                    String.format(
                            Locale.ROOT,
                            "<tr><td>%s</td><td>%.2f%%</td><td>%.2f%%</td><td>%.2f%%</td><td>%.4f</td>"
                                    + "<td>%.1f s</td><td>%d</td></tr>%n",
                            Svg.esc(r.spec().method()),
                            100 * h.finalValue(split),
                            100 * h.best(split),
                            100 * h.meanOfLast3(split),
                            h.finalTrainLoss(),
                            r.wallSeconds(),
                            r.skippedSteps()));
        }
        html.append("</table>\n<div>")
                .append(accSvg)
                .append(lossSvg)
                .append("</div>\n</body></html>\n");
        AtomicFiles.write(dir.resolve("report.html"), html.toString());
    }
}
