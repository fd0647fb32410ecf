package dev.znorm.experiment.report;

import java.util.List;

/** report.md: Markdown, charts as linked SVG files beside it. */
final class MarkdownPage implements ReportPage {

    private final StringBuilder md = new StringBuilder();

    @Override
    public void begin(String title, String context) {
        md.append("# ").append(title).append("\n\n").append(context).append("\n\n");
    }

    @Override
    public void network(String model, Table results) {
        md.append("## ").append(model).append("\n\n").append(results.markdown()).append("\n");
    }

    @Override
    public void section(String title, Table table) {
        md.append("### ").append(title).append("\n\n").append(table.markdown()).append("\n");
    }

    @Override
    public void part(String title, String intro, Table table) {
        md.append("## ")
                .append(title)
                .append("\n\n")
                .append(intro)
                .append("\n\n")
                .append(table.markdown())
                .append("\n");
    }

    @Override
    public void picture(String file, String title, String caption, Table table, byte[] png) {
        md.append("### ")
                .append(title)
                .append("\n\n![")
                .append(title)
                .append("](")
                .append(file)
                .append(")\n\n")
                .append(caption)
                .append("\n\n")
                .append(table.markdown())
                .append("\n");
    }

    @Override
    public void figure(String file, String alt, String svg) {
        md.append("![").append(alt).append("](").append(file).append(")\n\n");
    }

    @Override
    public void charts(String model, String metricSvg, String lossSvg, List<String> heatmapSvgs) {
        String base = model + "-";
        md.append("![accuracy](")
                .append(base)
                .append("accuracy.svg) ![loss](")
                .append(base)
                .append("loss.svg)\n\n");
        for (int i = 0; i < heatmapSvgs.size(); i++) {
            md.append("![gradient norms](")
                    .append(base)
                    .append("gradients-")
                    .append(i)
                    .append(".svg) ");
        }
        md.append("\n\n");
    }

    @Override
    public void shortcuts(String intro, Table table) {
        md.append("## Gain with and without shortcuts\n\n")
                .append(intro)
                .append("\n\n")
                .append(table.markdown())
                .append("\n");
    }

    @Override
    public void placements(Table table) {
        md.append("## Where each run ran\n\n").append(table.markdown()).append("\n");
    }

    @Override
    public void end(String failures) {
        md.append("## Runs that did not finish\n\n")
                .append(failures.isEmpty() ? "None.\n" : failures);
    }

    @Override
    public String text() {
        return md.toString();
    }
}
