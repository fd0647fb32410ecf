package dev.znorm.experiment.report;

import dev.znorm.experiment.task.Overlay;
import dev.znorm.experiment.task.Showcase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What a clinician-engineer looks at: for a few held-out slices (the three with the most tumour and
 * one without), the image with its true mask and each method's predicted mask at the grid's first
 * seed, side by side as one PNG per network, with each slice's Dice per method. Read from the
 * showcase.npz each first-seed segmentation run writes. No text is drawn into the picture (a
 * headless machine may have no fonts): the caption says what each column is.
 */
final class SegmentationGallery {

    private static final int GREEN = 0x00C000;
    private static final int SCALE = 2;
    private static final int GAP = 4;

    /** The seed shown, each method's showcase (in the grid's order), nothing when none ran. */
    record Result(long seed, Map<String, Showcase> byMethod) {
        boolean isEmpty() {
            return byMethod.isEmpty();
        }
    }

    private SegmentationGallery() {}

    static Result compute(Map<String, List<RunRecord>> byMethod, long seed) {
        Map<String, Showcase> shown = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunRecord>> e : byMethod.entrySet()) {
            for (RunRecord r : e.getValue()) {
                if (r.seed() == seed && r.ok()) {
                    Showcase.read(r.dir()).ifPresent(s -> shown.put(e.getKey(), s));
                }
            }
        }
        List<Showcase> all = new ArrayList<>(shown.values());
        boolean same =
                all.stream()
                        .allMatch(
                                s ->
                                        java.util.Arrays.equals(s.index(), all.get(0).index())
                                                && s.height() == all.get(0).height());
        return new Result(seed, same ? shown : Map.of());
    }

    /** Rows: slices; columns: the image with the true mask, then each method's prediction. */
    static byte[] png(Result r) throws IOException {
        List<Showcase> cols = new ArrayList<>(r.byMethod().values());
        Showcase first = cols.get(0);
        int tw = first.width() * SCALE;
        int th = first.height() * SCALE;
        int w = (cols.size() + 1) * (tw + GAP) - GAP;
        int h = first.size() * (th + GAP) - GAP;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xFFFFFF);
            }
        }
        for (int k = 0; k < first.size(); k++) {
            tile(img, first, null, k, 0, k * (th + GAP));
            for (int c = 0; c < cols.size(); c++) {
                tile(img, first, cols.get(c), k, (c + 1) * (tw + GAP), k * (th + GAP));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /**
     * One slice: the image, the true mask filled (no prediction) or outlined under the prediction.
     */
    private static void tile(
            BufferedImage img, Showcase truth, Showcase predicted, int k, int left, int top) {
        for (int y = 0; y < truth.height(); y++) {
            for (int x = 0; x < truth.width(); x++) {
                int rgb = rgb(truth, k, y, x);
                boolean t = truth.tumour(k, y, x);
                if (predicted == null) {
                    rgb = t ? Overlay.tint(rgb, GREEN) : rgb;
                } else {
                    rgb =
                            predicted.probability(k, y, x) >= 0.5
                                    ? Overlay.tint(rgb, Overlay.RED)
                                    : rgb;
                    rgb = t && edge(truth, k, y, x) ? GREEN : rgb;
                }
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        img.setRGB(left + x * SCALE + dx, top + y * SCALE + dy, rgb);
                    }
                }
            }
        }
    }

    private static int rgb(Showcase s, int k, int y, int x) {
        if (s.channels() >= 3) {
            return (s.pixel(k, 0, y, x) << 16) | (s.pixel(k, 1, y, x) << 8) | s.pixel(k, 2, y, x);
        }
        int g = s.pixel(k, 0, y, x);
        return (g << 16) | (g << 8) | g;
    }

    /** Whether a tumour pixel touches background (or the border): the mask's outline. */
    private static boolean edge(Showcase s, int k, int y, int x) {
        int[][] near = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        for (int[] d : near) {
            int yy = y + d[0];
            int xx = x + d[1];
            if (yy < 0 || xx < 0 || yy >= s.height() || xx >= s.width() || !s.tumour(k, yy, xx)) {
                return true;
            }
        }
        return false;
    }

    static String caption(Result r, String model) {
        return String.format(
                Locale.ROOT,
                "%s, seed %d, held-out test slices (rows: %s). Columns: the image with the true"
                        + " tumour mask (green), then the predicted mask (red, probability >= 0.5)"
                        + " with the true mask's outline (green) of %s. Each image is shown at twice"
                        + " its size.",
                model,
                r.seed(),
                String.join("; ", r.byMethod().values().iterator().next().names()),
                String.join(", ", r.byMethod().keySet()));
    }

    /** Each slice's Dice per method (1 when mask and prediction are both empty). */
    static Table dice(Result r) {
        List<String> header = new ArrayList<>(List.of("slice"));
        header.addAll(r.byMethod().keySet().stream().map(m -> "Dice " + m).toList());
        Table t = new Table(header);
        Showcase first = r.byMethod().values().iterator().next();
        for (int k = 0; k < first.size(); k++) {
            List<String> row = new ArrayList<>(List.of(first.names().get(k)));
            for (Showcase s : r.byMethod().values()) {
                row.add(String.format(Locale.ROOT, "%.3f", dice(s, k)));
            }
            t.add(row);
        }
        return t;
    }

    private static double dice(Showcase s, int k) {
        long inter = 0;
        long p = 0;
        long g = 0;
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                boolean pr = s.probability(k, y, x) >= 0.5;
                boolean gt = s.tumour(k, y, x);
                inter += pr && gt ? 1 : 0;
                p += pr ? 1 : 0;
                g += gt ? 1 : 0;
            }
        }
        return p + g == 0 ? 1 : 2.0 * inter / (p + g);
    }
}
