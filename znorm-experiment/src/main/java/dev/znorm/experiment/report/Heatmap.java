package dev.znorm.experiment.report;

import java.util.List;
import java.util.Locale;

/** A layers x steps heatmap of log10 values as self-contained SVG. */
public final class Heatmap {

    private Heatmap() {}

    /** Viridis-like colour for t in [0, 1]. */
    private static String color(double t) {
        double[][] stops = {
            {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}
        };
        t = Math.max(0, Math.min(1, t));
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        double f = pos - i;
        return String.format(
                Locale.ROOT,
                "rgb(%d,%d,%d)",
                (int) (stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
                (int) (stops[i][1] + f * (stops[i + 1][1] - stops[i][1])),
                (int) (stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
    }

    /**
     * A heatmap titled {@code title}, one row per layer, one column per recorded step.
     *
     * @param values values[layer][step] (> 0), drawn as log10
     * @param lo the log10 value of the darkest colour, shared between heatmaps that are compared
     */
    public static String svg(
            String title,
            List<String> layers,
            long[] steps,
            double[][] values,
            double lo,
            double hi) {
        int cell = Math.max(2, Math.min(14, 600 / Math.max(1, steps.length)));
        int rowH = Math.max(3, Math.min(12, 420 / Math.max(1, layers.size())));
        int left = 50;
        int top = 28;
        int w = Math.max(left + cell * steps.length + 90, left + 7 * title.length());
        int h = top + rowH * layers.size() + 40;
        StringBuilder sb =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n"
                                        + "<rect width=\"%d\" height=\"%d\" fill=\"white\"/><text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                                w,
                                h,
                                w,
                                h,
                                left,
                                LineChart.esc(title)));
        for (int l = 0; l < layers.size(); l++) {
            for (int s = 0; s < steps.length; s++) {
                double v = values[l][s];
                String fill =
                        v > 0 && Double.isFinite(v)
                                ? color((Math.log10(v) - lo) / (hi - lo))
                                : "#ccc";
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                                left + s * cell,
                                top + l * rowH,
                                cell,
                                rowH,
                                fill));
            }
            if (layers.size() <= 30 || l % 5 == 0) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>",
                                left - 4,
                                top + l * rowH + rowH,
                                l + 1));
            }
            sb.append('\n');
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\">step %d .. %d (layer 1 = input side)</text>%n",
                        left,
                        top + rowH * layers.size() + 16,
                        steps.length == 0 ? 0 : steps[0],
                        steps.length == 0 ? 0 : steps[steps.length - 1]));
        int lx = left + cell * steps.length + 20;
        for (int k = 0; k <= 10; k++) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"%d\" fill=\"%s\"/>",
                            lx,
                            top + (10 - k) * 12,
                            12,
                            color(k / 10.0)));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\">1e%.1f</text><text x=\"%d\" y=\"%d\">1e%.1f</text>%n",
                        lx + 18,
                        top + 10,
                        hi,
                        lx + 18,
                        top + 130,
                        lo));
        return sb.append("</svg>\n").toString();
    }
}
