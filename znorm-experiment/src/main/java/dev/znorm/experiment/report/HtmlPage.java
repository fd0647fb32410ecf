package dev.znorm.experiment.report;

import java.util.List;

/** report.html: one self-contained page (styles and charts inline, nothing loaded from outside). */
final class HtmlPage implements ReportPage {

    private static final String STYLE =
            "body{font-family:sans-serif;max-width:1250px;margin:2em auto}"
                    + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
                    + "td:first-child,th:first-child{text-align:left}.better{color:#070}.worse{color:#a00}";

    private final StringBuilder html = new StringBuilder();

    @Override
    public void begin(String title, String context) {
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(Svg.esc(title))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body>\n")
                .append("<h1>")
                .append(Svg.esc(title))
                .append("</h1>\n<p>")
                .append(Svg.esc(context))
                .append("</p>\n");
    }

    @Override
    public void network(String model, Table results) {
        html.append("<h2>").append(Svg.esc(model)).append("</h2>\n").append(results.html());
    }

    @Override
    public void section(String title, Table table) {
        html.append("<h3>").append(Svg.esc(title)).append("</h3>\n").append(table.html());
    }

    @Override
    public void part(String title, String intro, Table table) {
        html.append("<h2>")
                .append(Svg.esc(title))
                .append("</h2>\n<p>")
                .append(Svg.esc(intro))
                .append("</p>\n")
                .append(table.html());
    }

    @Override
    public void picture(String file, String title, String caption, Table table, byte[] png) {
        html.append("<h3>")
                .append(Svg.esc(title))
                .append("</h3>\n<img alt=\"")
                .append(Svg.esc(title))
                .append("\" src=\"data:image/png;base64,")
                .append(java.util.Base64.getEncoder().encodeToString(png))
                .append("\">\n<p>")
                .append(Svg.esc(caption))
                .append("</p>\n")
                .append(table.html());
    }

    @Override
    public void figure(String file, String alt, String svg) {
        html.append("<div>").append(svg).append("</div>\n");
    }

    @Override
    public void charts(String model, String metricSvg, String lossSvg, List<String> heatmapSvgs) {
        html.append("<div>").append(metricSvg).append(lossSvg).append("</div>\n");
        html.append("<h3>Raw-gradient L2 norm per layer (log scale), first seed</h3><div>")
                .append(String.join("", heatmapSvgs))
                .append("</div>\n");
    }

    @Override
    public void shortcuts(String intro, Table table) {
        html.append("<h2>Gain with and without shortcuts</h2>\n<p>")
                .append(Svg.esc(intro))
                .append("</p>\n")
                .append(table.html());
    }

    @Override
    public void placements(Table table) {
        html.append("<h2>Where each run ran</h2>\n").append(table.html()).append("\n");
    }

    @Override
    public void end(String failures) {
        html.append("<h2>Runs that did not finish</h2><pre>")
                .append(failures.isEmpty() ? "None." : Svg.esc(failures))
                .append("</pre>\n</body></html>\n");
    }

    @Override
    public String text() {
        return html.toString();
    }
}
