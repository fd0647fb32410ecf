package dev.znorm.experiment.report;

import java.util.ArrayList;
import java.util.List;

/** A report table as text cells, rendered the same way to Markdown and to HTML. */
public record Table(List<String> header, List<List<String>> rows) {

    public Table(List<String> header) {
        this(List.copyOf(header), new ArrayList<>());
    }

    public void add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException(
                    row.size() + " cells for " + header.size() + " columns: " + row);
        }
        rows.add(List.copyOf(row));
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String markdown() {
        StringBuilder sb =
                new StringBuilder(line(header))
                        .append("|")
                        .append("---|".repeat(header.size()))
                        .append('\n');
        rows.forEach(r -> sb.append(line(r)));
        return sb.toString();
    }

    private static String line(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** An HTML table; a cell reading "better" or "worse" is coloured by its class. */
    public String html() {
        StringBuilder h = new StringBuilder("<table>\n");
        row(h, header, "th");
        rows.forEach(r -> row(h, r, "td"));
        return h.append("</table>\n").toString();
    }

    private static void row(StringBuilder h, List<String> cells, String tag) {
        h.append("<tr>");
        for (String c : cells) {
            String text = c.trim();
            String cls =
                    text.equals("better")
                            ? " class=\"better\""
                            : text.equals("worse") ? " class=\"worse\"" : "";
            h.append('<')
                    .append(tag)
                    .append(cls)
                    .append('>')
                    .append(Svg.esc(text))
                    .append("</")
                    .append(tag)
                    .append('>');
        }
        h.append("</tr>\n");
    }
}
