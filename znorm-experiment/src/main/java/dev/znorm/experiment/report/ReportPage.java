package dev.znorm.experiment.report;

import java.util.List;

/**
 * One output format of a report (Markdown, HTML): {@link ReportLayout} walks the model once and
 * tells the page what comes next; the page only knows how to write it.
 */
interface ReportPage {

    /** The title and the paragraph under it. */
    void begin(String title, String context);

    /** A network's heading and its headline table. */
    void network(String model, Table results);

    /** A sub-section of a network: a heading and a table. */
    void section(String title, Table table);

    /** A part of the report about the whole grid: a heading, a paragraph and a table. */
    void part(String title, String intro, Table table);

    /**
     * A PNG picture with its caption and a table: linked as {@code file} beside the Markdown,
     * inlined (base64) in the HTML.
     */
    void picture(String file, String title, String caption, Table table, byte[] png);

    /** A picture: linked as {@code file} beside the Markdown, inlined in the HTML. */
    void figure(String file, String alt, String svg);

    /** A network's charts: the metric and loss curves, and the gradient heatmaps. */
    void charts(String model, String metricSvg, String lossSvg, List<String> heatmapSvgs);

    /** The shortcut interaction across networks. */
    void shortcuts(String intro, Table table);

    /**
     * The runs that did not finish, one line each (empty when all did), and the end of the page.
     */
    void end(String failures);

    /** Where each run ran (host, scheduler task, shard). */
    void placements(Table table);

    String text();
}
