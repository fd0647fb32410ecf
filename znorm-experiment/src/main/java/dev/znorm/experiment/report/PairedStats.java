package dev.znorm.experiment.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, sample standard deviation and 95% t confidence interval of a set of values (usually the
 * per-seed differences between two methods run with the same seeds); non-finite values (runs that
 * did not finish) are left out.
 */
public record PairedStats(int n, double mean, double std, double lo, double hi) {

    public static PairedStats of(double[] x) {
        // Plain sums, not commons-math3's corrected two-pass mean: that differs in the last bit,
        // and the published summaries are the record of what was computed.
        int n = 0;
        double sum = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new PairedStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        if (n < 2) {
            return new PairedStats(n, mean, std, Double.NaN, Double.NaN);
        }
        double half =
                new TDistribution(n - 1).inverseCumulativeProbability(0.975) * std / Math.sqrt(n);
        return new PairedStats(n, mean, std, mean - half, mean + half);
    }

    /**
     * The paired differences f(a) - f(b), seed by seed (the lists are in the same seed order), over
     * the seeds where both runs finished.
     */
    public static PairedStats between(
            List<RunRecord> a, List<RunRecord> b, ToDoubleFunction<RunRecord> f) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] =
                    a.get(i).ok() && b.get(i).ok()
                            ? f.applyAsDouble(a.get(i)) - f.applyAsDouble(b.get(i))
                            : Double.NaN;
        }
        return of(d);
    }

    /** The values of {@code f} over the finished runs. */
    public static PairedStats levels(List<RunRecord> runs, ToDoubleFunction<RunRecord> f) {
        return of(runs.stream().filter(RunRecord::ok).mapToDouble(f).toArray());
    }

    /**
     * "+1.52 [+1.03, +2.01]" in the given unit (100 for percentage points), or "-" without data.
     */
    public String interval(double unit, String format) {
        if (n == 0) {
            return "-";
        }
        String f = "%+" + format;
        return Double.isNaN(lo)
                ? String.format(Locale.ROOT, f, unit * mean)
                : String.format(
                        Locale.ROOT,
                        f + " [" + f + ", " + f + "]",
                        unit * mean,
                        unit * lo,
                        unit * hi);
    }

    /**
     * For summary.json: mean, 95% interval ([] when there is none), number of seeds, and what it
     * means.
     */
    public Map<String, Object> summary(String reading) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("ci95", Double.isNaN(lo) ? List.of() : List.of(lo, hi));
        m.put("seeds", n);
        m.put("reading", reading);
        return m;
    }

    /** Whether the interval lies above or below zero, or neither. */
    public Verdict verdict() {
        if (n < 2) {
            return Verdict.TOO_FEW_SEEDS;
        }
        if (lo > 0) {
            return Verdict.ABOVE_ZERO;
        }
        if (hi < 0) {
            return Verdict.BELOW_ZERO;
        }
        return Verdict.INCONCLUSIVE;
    }
}
