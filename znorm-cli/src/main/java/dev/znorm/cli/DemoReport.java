package dev.znorm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The demo's comparison: a table on the terminal, report.md (with SVG charts) and a self-contained report.html. */
final class DemoReport {

    private DemoReport() {}

    static String table(List<RunResult> runs, String split) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-14s | %10s | %10s | %12s | %10s | %9s | %7s |%n", "method",
                split + " final", "best", "mean last 3", "train loss", "time", "skipped"));
        sb.append("|----------------|------------|------------|--------------|------------|-----------|---------|\n");
        for (RunResult r : runs) {
            String loss = r.epochs().isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f",
                    r.epochs().get(r.epochs().size() - 1).trainLoss());
            sb.append(String.format(Locale.ROOT, "| %-14s | %9.2f%% | %9.2f%% | %11.2f%% | %10s | %8.1fs | %7d |%n",
                    r.config().method(), 100 * r.finalAccuracy(split), 100 * r.bestAccuracy(split),
                    100 * r.lastThreeAccuracy(split), loss, r.wallSeconds(), r.skippedSteps()));
        }
        return sb.toString();
    }

    static void write(Path dir, String title, String context, List<RunResult> runs, String split) throws IOException {
        List<LineChart.Series> acc = new ArrayList<>();
        List<LineChart.Series> loss = new ArrayList<>();
        for (RunResult r : runs) {
            acc.add(new LineChart.Series(r.config().method(),
                    r.epochs().stream().mapToDouble(e -> 100 * e.accuracy().getOrDefault(split, Double.NaN)).toArray()));
            loss.add(new LineChart.Series(r.config().method(),
                    r.epochs().stream().mapToDouble(RunResult.EpochRecord::trainLoss).toArray()));
        }
        String accSvg = LineChart.svg(split + " accuracy by epoch", "epoch", "accuracy (%)", acc);
        String lossSvg = LineChart.svg("training loss by epoch", "epoch", "mean training loss", loss);
        TrainingRun.write(dir.resolve("accuracy.svg"), accSvg);
        TrainingRun.write(dir.resolve("loss.svg"), lossSvg);
        String table = table(runs, split);
        TrainingRun.write(dir.resolve("report.md"), "# " + title + "\n\n" + context + "\n\n" + table
                + "\n![" + split + " accuracy](accuracy.svg)\n\n![training loss](loss.svg)\n");
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(LineChart.esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 10px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}</style></head><body>\n");
        html.append("<h1>").append(LineChart.esc(title)).append("</h1>\n<p>").append(LineChart.esc(context)).append("</p>\n");
        html.append("<table><tr><th>method</th><th>").append(split).append(" final</th><th>best</th><th>mean of last 3</th>"
                + "<th>final train loss</th><th>wall time</th><th>skipped steps</th></tr>\n");
        for (RunResult r : runs) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.2f%%</td><td>%.2f%%</td><td>%.2f%%</td><td>%.4f</td>"
                    + "<td>%.1f s</td><td>%d</td></tr>%n", LineChart.esc(r.config().method()), 100 * r.finalAccuracy(split),
                    100 * r.bestAccuracy(split), 100 * r.lastThreeAccuracy(split),
                    r.epochs().isEmpty() ? Double.NaN : r.epochs().get(r.epochs().size() - 1).trainLoss(),
                    r.wallSeconds(), r.skippedSteps()));
        }
        html.append("</table>\n<div>").append(accSvg).append(lossSvg).append("</div>\n</body></html>\n");
        TrainingRun.write(dir.resolve("report.html"), html.toString());
    }
}
