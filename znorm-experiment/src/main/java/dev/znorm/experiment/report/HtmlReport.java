package dev.znorm.experiment.report;

import java.util.List;

/** report.html: the model as one self-contained page (styles and charts inline, nothing loaded from outside). */
public final class HtmlReport {

    private HtmlReport() {}

    /**
     * @param heatmaps per network, the heatmap SVGs to inline
     */
    public static String render(ReportModel m, List<List<String>> heatmaps) {
        String baseline = m.spec().baseline();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(Svg.esc(m.spec().name())).append("</title><style>body{font-family:sans-serif;max-width:1250px;margin:2em auto}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.better{color:#070}.worse{color:#a00}</style></head><body>\n")
                .append("<h1>").append(Svg.esc(m.spec().name())).append("</h1>\n<p>").append(Svg.esc(m.context())).append("</p>\n");
        int k = 0;
        for (ReportModel.Network n : m.networks()) {
            html.append("<h2>").append(Svg.esc(n.model())).append("</h2>\n")
                    .append(MethodResults.table(n.results(), baseline, m.spec().targetAccuracy(), m.metrics()).html());
            if (!n.classF1().isEmpty()) {
                section(html, "F1 of each class, final epoch", ClassF1.table(n.classF1(), baseline));
            }
            section(html, "Epochs to the target, paired with " + baseline,
                    SpeedToTarget.table(n.speed(), baseline, m.spec().targetAccuracy()));
            if (!n.headToHead().isEmpty()) {
                section(html, n.headToHead().champion() + " against each alternative, paired by seed",
                        HeadToHead.table(n.headToHead(), m.metrics()));
            }
            html.append("<div>").append(Charts.metric(m, n)).append(Charts.loss(n)).append("</div>\n");
            html.append("<h3>Raw-gradient L2 norm per layer (log scale), first seed</h3><div>")
                    .append(String.join("", heatmaps.get(k))).append("</div>\n");
            k++;
        }
        if (!m.shortcuts().isEmpty()) {
            html.append("<h2>Gain with and without shortcuts</h2>\n<p>").append(Svg.esc(m.shortcutIntro())).append("</p>\n")
                    .append(ShortcutInteraction.table(m.shortcuts()).html());
        }
        String failures = m.failures();
        html.append("<h2>Runs that did not finish</h2><pre>").append(failures.isEmpty() ? "None." : Svg.esc(failures))
                .append("</pre>\n</body></html>\n");
        return html.toString();
    }

    private static void section(StringBuilder html, String title, Table t) {
        html.append("<h3>").append(Svg.esc(title)).append("</h3>\n").append(t.html());
    }
}
