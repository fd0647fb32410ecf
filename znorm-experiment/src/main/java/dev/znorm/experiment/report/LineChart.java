package dev.znorm.experiment.report;

import java.util.List;
import java.util.Locale;

/** A self-contained SVG line chart (no scripts, no network), one line per series. */
public final class LineChart {

    /** A line; with {@code lo}/{@code hi} (may be null) a shaded band is drawn between them. */
    public record Series(String name, double[] y, double[] lo, double[] hi) {
        public Series(String name, double[] y) {
            this(name, y, null, null);
        }
    }

    private static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf"
    }; // ten: Study 1 draws ten methods on ResNet-20

    private LineChart() {}

    public static String svg(String title, String xLabel, String yLabel, List<Series> series) {
        // the legend column grows with the longest name (about 7 px a character at 12 px), so
        // "clip-value=0.01+adam" is not cut off; the plot keeps its width
        int longest = series.stream().mapToInt(x -> x.name().length()).max().orElse(0);
        int right = Math.max(150, 46 + 7 * longest);
        int left = 60;
        int w = left + 350 + right;
        int h = 320;
        int top = 30;
        int bottom = 45;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 1;
        for (Series s : series) {
            n = Math.max(n, s.y().length);
            for (double[] arr : new double[][] {s.y(), s.lo(), s.hi()}) {
                if (arr == null) {
                    continue;
                }
                for (double v : arr) {
                    if (Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (!Double.isFinite(min)) {
            min = 0;
            max = 1;
        }
        if (max == min) {
            max = min + 1;
        }
        double pad = (max - min) * 0.05;
        min -= pad;
        max += pad;
        int pw = w - left - right;
        int ph = h - top - bottom;
        StringBuilder sb = new StringBuilder(Svg.open(w, h, left, title));
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4;
            double y = top + ph - ph * k / 4.0;
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                            left,
                            y,
                            left + pw,
                            y,
                            left - 6,
                            y + 4,
                            fmt(v)));
        }
        for (int i = 0; i < n; i++) {
            double x = left + (n == 1 ? pw / 2.0 : pw * i / (double) (n - 1));
            if (n <= 12 || i % Math.max(1, n / 10) == 0 || i == n - 1) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                                x,
                                top + ph + 16,
                                i + 1));
            }
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        left + pw / 2,
                        h - 8,
                        esc(xLabel)));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                        top + ph / 2,
                        esc(yLabel)));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                        left,
                        top,
                        pw,
                        ph));
        for (int s = 0; s < series.size(); s++) {
            double[] y = series.get(s).y();
            String color = COLORS[s % COLORS.length];
            double[] lo = series.get(s).lo();
            double[] hi = series.get(s).hi();
            if (lo != null && hi != null) {
                StringBuilder band = new StringBuilder();
                for (int i = 0; i < hi.length; i++) {
                    if (Double.isFinite(hi[i])) {
                        band.append(
                                String.format(
                                        Locale.ROOT,
                                        "%.1f,%.1f ",
                                        xAt(i, n, left, pw),
                                        yAt(hi[i], min, max, top, ph)));
                    }
                }
                for (int i = lo.length - 1; i >= 0; i--) {
                    if (Double.isFinite(lo[i])) {
                        band.append(
                                String.format(
                                        Locale.ROOT,
                                        "%.1f,%.1f ",
                                        xAt(i, n, left, pw),
                                        yAt(lo[i], min, max, top, ph)));
                    }
                }
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<polygon points=\"%s\" fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\"/>%n",
                                band.toString().trim(),
                                color));
            }
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < y.length; i++) {
                if (!Double.isFinite(y[i])) {
                    continue;
                }
                double px = left + (n == 1 ? pw / 2.0 : pw * i / (double) (n - 1));
                double py = top + ph - ph * (y[i] - min) / (max - min);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                                px,
                                py,
                                color));
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                            pts.toString().trim(),
                            color));
            int ly = top + 14 + 18 * s;
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                                    + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                            left + pw + 10,
                            ly - 4,
                            left + pw + 30,
                            ly - 4,
                            color,
                            left + pw + 36,
                            ly,
                            esc(series.get(s).name())));
        }
        return sb.append("</svg>\n").toString();
    }

    private static double xAt(int i, int n, int left, int pw) {
        return left + (n == 1 ? pw / 2.0 : pw * i / (double) (n - 1));
    }

    private static double yAt(double v, double min, double max, int top, int ph) {
        return top + ph - ph * (v - min) / (max - min);
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 0.01 || a >= 1e4)
                ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    static String esc(String s) {
        return Svg.esc(s);
    }
}
