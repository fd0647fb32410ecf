package dev.znorm.experiment.report;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.grid.GridFolder;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.grid.GridSpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How a gain moves with the training budget: the headline pair (the baseline and its ZNorm method,
 * first network) of several grids that differ in one setting, the training images or the epochs, as
 * a table and a picture of the paired gain with its 95% t interval against that setting.
 */
public final class Trend {

    /** The setting the grids differ in. */
    public enum Axis {
        IMAGES("training images"),
        EPOCHS("epochs");

        final String label;

        Axis(String label) {
            this.label = label;
        }

        int of(GridSpec g) {
            return this == IMAGES ? g.trainSubset() : g.epochs();
        }
    }

    /** One grid: its setting, the pair, the baseline's level and the gain. */
    public record Point(
            Path grid,
            int x,
            String model,
            String method,
            String baseline,
            PairedStats level,
            PairedStats gain) {}

    private Trend() {}

    public static List<Point> compute(List<Path> grids, Axis axis) throws IOException {
        List<Point> points = new ArrayList<>();
        for (Path dir : grids) {
            if (!Files.exists(dir.resolve(GridFolder.CONFIG))) {
                throw new BadInputException(dir + " is not a comparison folder (no config.yaml)");
            }
            GridSpec spec = GridSpecReader.read(dir.resolve(GridFolder.CONFIG));
            ReportModel m = ReportModel.compute(spec, dir);
            ReportModel.Network n = m.networks().get(0);
            String champion = HeadToHead.champion(n.byMethod().keySet(), spec.baseline());
            if (champion == null) {
                throw new BadInputException(
                        dir + ": its first network runs no ZNorm method beside " + spec.baseline());
            }
            MethodResults.Row base = row(n, spec.baseline());
            MethodResults.Row z = row(n, champion);
            points.add(
                    new Point(
                            dir,
                            axis.of(spec),
                            n.model(),
                            champion,
                            spec.baseline(),
                            base.fin(),
                            z.diff()));
        }
        points.sort(Comparator.comparingInt(Point::x));
        return points;
    }

    private static MethodResults.Row row(ReportModel.Network n, String method) {
        return n.results().rows().stream()
                .filter(r -> r.method().equals(method))
                .findFirst()
                .orElseThrow();
    }

    /** The Markdown table: setting, seeds, the baseline's level, the gain with its intervals. */
    public static String table(List<Point> points, Axis axis) {
        Table t =
                new Table(
                        List.of(
                                axis.label,
                                "grid",
                                "paired seeds",
                                "baseline final %",
                                "gain (pp) [95% t CI]",
                                "95% bootstrap CI",
                                "P(better)",
                                "reading"));
        for (Point p : points) {
            t.add(
                    List.of(
                            String.valueOf(p.x()),
                            p.grid().getFileName().toString(),
                            String.valueOf(p.gain().n()),
                            Formats.pct(p.level()),
                            p.gain().interval(100, ".2f"),
                            p.gain().bootstrapRange(100, ".2f"),
                            p.gain().probabilityText(),
                            p.gain().verdict().higherIsBetter()));
        }
        return t.markdown();
    }

    /** The gain against the setting (equally spaced, in order), with intervals and a zero line. */
    public static String svg(List<Point> points, Axis axis, String title) {
        int left = 70;
        int w = Math.max(640, left + 160 * points.size() + 30);
        double step = (w - left - 30) / (double) Math.max(1, points.size());
        int h = 320;
        int top = 40;
        int ph = 220;
        double lo = 0;
        double hi = 0;
        for (Point p : points) {
            if (Double.isFinite(p.gain().lo())) {
                lo = Math.min(lo, 100 * p.gain().lo());
                hi = Math.max(hi, 100 * p.gain().hi());
            } else if (Double.isFinite(p.gain().mean())) {
                lo = Math.min(lo, 100 * p.gain().mean());
                hi = Math.max(hi, 100 * p.gain().mean());
            }
        }
        double pad = Math.max(0.2, (hi - lo) * 0.1);
        double min = lo - pad;
        double max = hi + pad;
        StringBuilder sb = new StringBuilder(Svg.open(w, h, 8, title));
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4;
            double y = top + ph - ph * k / 4.0;
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%+.2f</text>%n",
                            left,
                            y,
                            w - 20,
                            y,
                            left - 6,
                            y + 4,
                            v));
        }
        double zero = top + ph - ph * (0 - min) / (max - min);
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>%n",
                        left,
                        zero,
                        w - 20,
                        zero));
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double x = left + step / 2 + step * i;
            if (Double.isFinite(p.gain().lo())) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#08519c\" stroke-width=\"2\"/>%n",
                                x,
                                y(100 * p.gain().lo(), min, max, top, ph),
                                x,
                                y(100 * p.gain().hi(), min, max, top, ph)));
            }
            if (Double.isFinite(p.gain().mean())) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#08519c\"/>%n",
                                x,
                                y(100 * p.gain().mean(), min, max, top, ph)));
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>"
                                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%d seeds, baseline %s</text>%n",
                            x,
                            top + ph + 18,
                            p.x(),
                            x,
                            top + ph + 34,
                            p.gain().n(),
                            String.format(Locale.ROOT, "%.1f%%", 100 * p.level().mean())));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n"
                                + "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">gain (pp), 95%% t interval</text>%n",
                        w / 2,
                        h - 10,
                        Svg.esc(axis.label),
                        top + ph / 2));
        return sb.append("</svg>\n").toString();
    }

    private static double y(double v, double min, double max, int top, int ph) {
        return top + ph - ph * (v - min) / (max - min);
    }

    /** Writes trend-<axis>.md and trend-<axis>.svg into {@code out}; returns the Markdown. */
    public static String write(List<Path> grids, Axis axis, Path out, String title)
            throws IOException {
        List<Point> points = compute(grids, axis);
        String name = "trend-" + axis.name().toLowerCase(Locale.ROOT);
        String svg = svg(points, axis, title);
        String md =
                "# "
                        + title
                        + "\n\n"
                        + table(points, axis)
                        + "\n!["
                        + title
                        + "]("
                        + name
                        + ".svg)\n";
        Files.createDirectories(out);
        AtomicFiles.write(out.resolve(name + ".svg"), svg);
        AtomicFiles.write(out.resolve(name + ".md"), md);
        return md;
    }
}
