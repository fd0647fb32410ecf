package dev.znorm.experiment.report;

import java.util.List;
import java.util.Locale;

/**
 * A forest plot of a network's headline table, as a self-contained SVG: one row per method, its
 * paired difference to the baseline (percentage points) as a dot, the 95% t interval as a thin line
 * and the bootstrap interval as a thick pale bar, a zero line, and the Holm-corrected verdict
 * beside each row (a filled dot when the corrected verdict is decisive, an open one otherwise).
 */
final class ForestPlot {

    /** One row: a method, its difference to the baseline and the corrected verdict. */
    record Row(String method, PairedStats diff, String verdict, boolean decisive) {}

    private static final int ROW = 26;
    private static final int TOP = 52;
    private static final int PLOT = 360;

    private ForestPlot() {}

    /** The rows of a headline table (the baseline left out). */
    static List<Row> rows(MethodResults.Result r) {
        return r.rows().stream()
                .filter(x -> !x.baseline())
                .map(
                        x ->
                                new Row(
                                        x.method(),
                                        x.diff(),
                                        x.verdict().higherIsBetter(),
                                        x.verdict() == Verdict.ABOVE_ZERO
                                                || x.verdict() == Verdict.BELOW_ZERO))
                .toList();
    }

    static String svg(String title, String axis, List<Row> rows) {
        int longest = rows.stream().mapToInt(r -> r.method().length()).max().orElse(6);
        int left = 16 + 7 * longest;
        int right = 150;
        int w = left + PLOT + right;
        int h = TOP + ROW * Math.max(1, rows.size()) + 40;
        double min = 0;
        double max = 0;
        for (Row r : rows) {
            for (double v : ends(r)) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double pad = Math.max(0.1, (max - min) * 0.08);
        min -= pad;
        max += pad;
        StringBuilder sb =
                new StringBuilder(Svg.open(w, h, 8, title))
                        .append(
                                "<text x=\"8\" y=\"36\" fill=\"#555\">dot: mean; thin line: 95% t"
                                        + " interval; pale bar: 95% bootstrap interval; filled: decisive"
                                        + " after Holm</text>\n");
        int bottom = TOP + ROW * Math.max(1, rows.size());
        double zero = x(0, min, max, left);
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\""
                                + " stroke-dasharray=\"4 3\"/>%n",
                        zero,
                        TOP - 6,
                        zero,
                        bottom));
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4;
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                            x(v, min, max, left),
                            bottom + 16,
                            String.format(Locale.ROOT, "%+.2f", v)));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        left + PLOT / 2,
                        bottom + 34,
                        Svg.esc(axis)));
        for (int i = 0; i < rows.size(); i++) {
            sb.append(row(rows.get(i), TOP + ROW * i + ROW / 2, min, max, left));
        }
        return sb.append("</svg>\n").toString();
    }

    private static String row(Row r, int y, double min, double max, int left) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                        left - 8,
                        y + 4,
                        Svg.esc(r.method())));
        double[] e = ends(r);
        if (Double.isFinite(e[2])) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#9ecae1\""
                                    + " stroke-width=\"8\"/>%n",
                            x(e[2], min, max, left),
                            y,
                            x(e[3], min, max, left),
                            y));
        }
        if (Double.isFinite(e[0])) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#08519c\""
                                    + " stroke-width=\"1.5\"/>%n",
                            x(e[0], min, max, left),
                            y,
                            x(e[1], min, max, left),
                            y));
        }
        if (Double.isFinite(r.diff().mean())) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%d\" r=\"4.5\" stroke=\"#08519c\""
                                    + " stroke-width=\"1.5\" fill=\"%s\"/>%n",
                            x(100 * r.diff().mean(), min, max, left),
                            y,
                            r.decisive() ? "#08519c" : "white"));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\">%s</text>%n",
                        left + PLOT + 10,
                        y + 4,
                        Svg.esc(r.verdict())));
        return sb.toString();
    }

    /** t interval and bootstrap interval in percentage points: {tLo, tHi, bootLo, bootHi}. */
    private static double[] ends(Row r) {
        double[] b = r.diff().bootstrap();
        return new double[] {100 * r.diff().lo(), 100 * r.diff().hi(), 100 * b[0], 100 * b[1]};
    }

    private static double x(double v, double min, double max, int left) {
        return left + PLOT * (v - min) / (max - min);
    }
}
