package dev.znorm.experiment.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The statistics of a set of values, usually the per-seed differences between two methods run with
 * the same seeds (non-finite values, runs that did not finish, are left out): mean, sample standard
 * deviation and 95% t interval; beside them, as users of rliable and of Bouthillier et al. (2021)
 * expect, a paired bootstrap interval, the two-sided p-value of the t test (for the Holm correction
 * of a table of comparisons) and the probability of improvement.
 *
 * @param values the finite values, in seed order
 */
public record PairedStats(int n, double mean, double std, double lo, double hi, double[] values) {

    /** Bootstrap draws; with the fixed seed below a report rebuilds to the same numbers. */
    static final int BOOTSTRAP_DRAWS = 10_000;

    private static final long BOOTSTRAP_SEED = 20240801L;

    public static PairedStats of(double[] x) {
        double[] v = Arrays.stream(x).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n == 0) {
            return new PairedStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, v);
        }
        double mean = StatUtils.mean(v);
        if (n < 2) {
            return new PairedStats(n, mean, Double.NaN, Double.NaN, Double.NaN, v);
        }
        double std = Math.sqrt(StatUtils.variance(v, mean));
        double half = tQuantile(n - 1, 0.975) * std / Math.sqrt(n);
        return new PairedStats(n, mean, std, mean - half, mean + half, v);
    }

    /**
     * The two-sided t interval at confidence {@code level} ({lo, hi}; NaN under two values), e.g. 1
     * - 0.05 / K for one of K looks whose intervals must hold together.
     */
    public double[] intervalAt(double level) {
        if (n < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double half = tQuantile(n - 1, 1 - (1 - level) / 2) * std / Math.sqrt(n);
        return new double[] {mean - half, mean + half};
    }

    /** The Student t quantile with {@code df} degrees of freedom. */
    static double tQuantile(int df, double p) {
        return new TDistribution(df).inverseCumulativeProbability(p);
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
     * The two-sided p-value of the one-sample t test of mean 0 (NaN under two values; 0 or 1 when
     * all values are equal).
     */
    public double pValue() {
        if (n < 2) {
            return Double.NaN;
        }
        if (std == 0) {
            return mean == 0 ? 1 : 0;
        }
        double t = Math.abs(mean) / (std / Math.sqrt(n));
        return 2 * (1 - new TDistribution(n - 1).cumulativeProbability(t));
    }

    /**
     * The 95% paired bootstrap interval of the mean: percentiles 2.5 and 97.5 (type 7) of the means
     * of {@link #BOOTSTRAP_DRAWS} resamples of the seeds with replacement; {lo, hi}, NaN under two
     * values.
     */
    public double[] bootstrap() {
        if (n < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(BOOTSTRAP_SEED);
        double[] means = new double[BOOTSTRAP_DRAWS];
        for (int b = 0; b < BOOTSTRAP_DRAWS; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(means);
        return new double[] {p.evaluate(2.5), p.evaluate(97.5)};
    }

    /**
     * The probability of improvement: the share of seeds whose value is above 0 (the method beat
     * the reference at that seed), ties counting half; NaN without values.
     */
    public double probabilityOfImprovement() {
        if (n == 0) {
            return Double.NaN;
        }
        double wins = 0;
        for (double v : values) {
            wins += v > 0 ? 1 : v == 0 ? 0.5 : 0;
        }
        return wins / n;
    }

    /**
     * "+1.52 [+1.03, +2.01]" in the given unit (100 for percentage points), or "-" without data.
     */
    public String interval(double unit, String format) {
        return interval(unit, format, lo, hi);
    }

    /** The bootstrap interval as {@link #interval(double, String)} writes the t interval. */
    public String bootstrapInterval(double unit, String format) {
        double[] b = bootstrap();
        return interval(unit, format, b[0], b[1]);
    }

    /** "[+1.03, +2.01]": the bootstrap interval alone, or "-" without one. */
    public String bootstrapRange(double unit, String format) {
        double[] b = bootstrap();
        String f = "%+" + format;
        return Double.isNaN(b[0])
                ? "-"
                : String.format(Locale.ROOT, "[" + f + ", " + f + "]", unit * b[0], unit * b[1]);
    }

    /** The probability of improvement as "0.88", or "-". */
    public String probabilityText() {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.2f", probabilityOfImprovement());
    }

    private String interval(double unit, String format, double from, double to) {
        if (n == 0) {
            return "-";
        }
        String f = "%+" + format;
        return Double.isNaN(from)
                ? String.format(Locale.ROOT, f, unit * mean)
                : String.format(
                        Locale.ROOT,
                        f + " [" + f + ", " + f + "]",
                        unit * mean,
                        unit * from,
                        unit * to);
    }

    /**
     * For summary.json: mean, 95% t interval and bootstrap interval ([] when there is none), the t
     * test's p-value, the probability of improvement, number of seeds, and what it means.
     */
    public Map<String, Object> summary(String reading) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("ci95", Double.isNaN(lo) ? List.of() : List.of(lo, hi));
        double[] b = bootstrap();
        m.put("bootstrap_ci95", Double.isNaN(b[0]) ? List.of() : List.of(b[0], b[1]));
        m.put("p_value", pValue());
        m.put("probability_of_improvement", probabilityOfImprovement());
        m.put("seeds", n);
        m.put("reading", reading);
        return m;
    }

    /** Whether the 95% t interval lies above or below zero, or neither. */
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

    /**
     * The verdict at a corrected p-value: the sign of the mean when {@code adjustedP} is below
     * 0.05.
     */
    public Verdict verdictAt(double adjustedP) {
        if (n < 2) {
            return Verdict.TOO_FEW_SEEDS;
        }
        if (adjustedP < 0.05) {
            return mean > 0 ? Verdict.ABOVE_ZERO : Verdict.BELOW_ZERO;
        }
        return Verdict.INCONCLUSIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairedStats p
                && n == p.n
                && Double.compare(mean, p.mean) == 0
                && Double.compare(std, p.std) == 0
                && Double.compare(lo, p.lo) == 0
                && Double.compare(hi, p.hi) == 0
                && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Integer.hashCode(n);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "PairedStats(n=%d, mean=%g, t95=[%g, %g])", n, mean, lo, hi);
    }
}
