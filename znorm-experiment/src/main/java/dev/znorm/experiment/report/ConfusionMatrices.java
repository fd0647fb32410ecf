package dev.znorm.experiment.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.znorm.experiment.run.RunFolder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Each method's confusion matrix at the end of training, summed over its finished seeds (true class
 * by row, predicted by column), drawn as one SVG per network: where a two- to five-class task's
 * errors fall (a missed malignant tumour is not a benign one called malignant), which accuracy
 * hides. Read from each run's eval-last.json.
 */
final class ConfusionMatrices {

    /** The most classes drawn: beyond, a matrix per method stops being readable at a glance. */
    static final int MAX_CLASSES = 5;

    private static final int CELL = 46;

    /** Class names in order, and each method's summed matrix and seed count. */
    record Result(
            List<String> classes, Map<String, long[][]> byMethod, Map<String, Integer> seeds) {
        boolean isEmpty() {
            return byMethod.isEmpty();
        }
    }

    private ConfusionMatrices() {}

    static Result compute(Map<String, List<RunRecord>> byMethod, String split) throws IOException {
        List<String> classes = new ArrayList<>();
        Map<String, long[][]> sums = new LinkedHashMap<>();
        Map<String, Integer> seeds = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunRecord>> e : byMethod.entrySet()) {
            for (RunRecord r : e.getValue()) {
                if (!r.ok()) {
                    continue;
                }
                Optional<ObjectNode> eval = new RunFolder(r.dir()).readEvalLast();
                JsonNode m = eval.map(n -> n.path(split).path("confusion_matrix")).orElse(null);
                if (m == null || !m.isArray() || m.size() < 2 || m.size() > MAX_CLASSES) {
                    continue;
                }
                if (classes.isEmpty()) {
                    for (Iterator<String> it =
                                    eval.get().path(split).path("per_class").fieldNames();
                            it.hasNext(); ) {
                        classes.add(it.next());
                    }
                }
                long[][] sum = sums.computeIfAbsent(e.getKey(), k -> new long[m.size()][m.size()]);
                if (sum.length != m.size()) {
                    continue;
                }
                for (int i = 0; i < m.size(); i++) {
                    for (int j = 0; j < m.size(); j++) {
                        sum[i][j] += m.get(i).get(j).asLong();
                    }
                }
                seeds.merge(e.getKey(), 1, Integer::sum);
            }
        }
        return new Result(classes, sums, seeds);
    }

    /** The matrices side by side; shading by the share of each true class's images. */
    static String svg(Result r, String title) {
        int n = r.byMethod().values().iterator().next().length;
        int label = 12 + 7 * r.classes().stream().mapToInt(String::length).max().orElse(6);
        int block = label + n * CELL + 30;
        int w = Math.max(360, block * r.byMethod().size() + 10);
        int h = 70 + label + n * CELL + 20;
        StringBuilder sb = new StringBuilder(Svg.open(w, h, 8, title));
        int k = 0;
        for (Map.Entry<String, long[][]> e : r.byMethod().entrySet()) {
            sb.append(
                    matrix(
                            e.getKey(),
                            r.seeds().get(e.getKey()),
                            e.getValue(),
                            r.classes(),
                            10 + k * block,
                            label));
            k++;
        }
        return sb.append("</svg>\n").toString();
    }

    private static String matrix(
            String method, int seeds, long[][] m, List<String> classes, int x0, int label) {
        int n = m.length;
        int top = 56 + label;
        int left = x0 + label;
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"40\" font-weight=\"bold\">%s</text>"
                                + "<text x=\"%d\" y=\"54\" fill=\"#555\">%d seed%s; rows: true, columns: predicted</text>%n",
                        x0,
                        Svg.esc(method),
                        x0,
                        seeds,
                        seeds == 1 ? "" : "s"));
        for (int i = 0; i < n; i++) {
            String name = i < classes.size() ? classes.get(i) : String.valueOf(i);
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                                    + "<text transform=\"translate(%d %d) rotate(-45)\">%s</text>%n",
                            left - 6,
                            top + i * CELL + CELL / 2 + 4,
                            Svg.esc(name),
                            left + i * CELL + CELL / 2,
                            top - 6,
                            Svg.esc(name)));
            long row = 0;
            for (long v : m[i]) {
                row += v;
            }
            for (int j = 0; j < n; j++) {
                double share = row == 0 ? 0 : m[i][j] / (double) row;
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
                                        + " stroke=\"#999\"/><text x=\"%d\" y=\"%d\""
                                        + " text-anchor=\"middle\" fill=\"%s\">%d</text>%n",
                                left + j * CELL,
                                top + i * CELL,
                                CELL,
                                CELL,
                                shade(share, i == j),
                                left + j * CELL + CELL / 2,
                                top + i * CELL + CELL / 2 + 4,
                                share > 0.55 ? "white" : "black",
                                m[i][j]));
            }
        }
        return sb.toString();
    }

    /** Blue for the diagonal (right), red off it (wrong), darker with the row's share. */
    private static String shade(double share, boolean diagonal) {
        int a = (int) Math.round(255 - 200 * share);
        return diagonal
                ? String.format(Locale.ROOT, "rgb(%d,%d,255)", a, a)
                : String.format(Locale.ROOT, "rgb(255,%d,%d)", a, a);
    }
}
