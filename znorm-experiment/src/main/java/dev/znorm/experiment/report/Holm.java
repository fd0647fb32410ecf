package dev.znorm.experiment.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction of a family of p-values (Holm 1979): with the m finite p-values in
 * ascending order, the k-th (from 1) is adjusted to max over j <= k of min(1, (m - j + 1) p_j). A
 * comparison is significant at family-wise level 0.05 when its adjusted p-value is below 0.05. It
 * holds the chance of any false verdict in a table of m comparisons to 5%, where m separate 95%
 * intervals would allow up to m x 5%, and it never rejects less than Bonferroni does.
 */
final class Holm {

    private Holm() {}

    /** The adjusted p-values, in the order given; NaN (no test) stays NaN and is not counted. */
    static double[] adjust(double[] p) {
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        int[] order =
                IntStream.range(0, p.length)
                        .filter(i -> !Double.isNaN(p[i]))
                        .boxed()
                        .sorted(Comparator.comparingDouble(i -> p[i]))
                        .mapToInt(Integer::intValue)
                        .toArray();
        int m = order.length;
        double running = 0;
        for (int k = 0; k < m; k++) {
            running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
            out[order[k]] = running;
        }
        return out;
    }
}
