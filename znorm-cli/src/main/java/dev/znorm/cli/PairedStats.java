package dev.znorm.cli;

import org.apache.commons.math3.distribution.TDistribution;

/** Mean, standard deviation and the t-distribution 95% confidence interval of a sample. */
record PairedStats(int n, double mean, double std, double lo, double hi) {

    static PairedStats of(double[] x) {
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
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        double half = t * std / Math.sqrt(n);
        return new PairedStats(n, mean, std, mean - half, mean + half);
    }

    /**
     * The paired differences f(a) - f(b), seed by seed (the lists are in the same seed order), over
     * the seeds where both runs finished; non-finite values drop out in {@link #of}.
     */
    static PairedStats between(java.util.List<ComparisonReport.Run> a, java.util.List<ComparisonReport.Run> b,
            java.util.function.ToDoubleFunction<ComparisonReport.Run> f) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).ok() && b.get(i).ok() ? f.applyAsDouble(a.get(i)) - f.applyAsDouble(b.get(i)) : Double.NaN;
        }
        return of(d);
    }

    /** "+1.52 [+1.03, +2.01]" in the given unit (100 for percentage points), or "-" without data. */
    String interval(double unit, String format) {
        if (n == 0) {
            return "-";
        }
        String f = "%+" + format;
        return Double.isNaN(lo) ? String.format(java.util.Locale.ROOT, f, unit * mean)
                : String.format(java.util.Locale.ROOT, f + " [" + f + ", " + f + "]", unit * mean, unit * lo, unit * hi);
    }

    /** For summary.json: mean, 95% interval ([] when there is none), number of seeds, and what it means. */
    java.util.Map<String, Object> summary(String reading) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("mean", mean);
        m.put("ci95", Double.isNaN(lo) ? java.util.List.of() : java.util.List.of(lo, hi));
        m.put("seeds", n);
        m.put("reading", reading);
        return m;
    }

    /** "better" / "worse" when the interval excludes 0, else "inconclusive" (or "n < 2"). */
    String verdict() {
        if (n < 2) {
            return "too few seeds";
        }
        if (lo > 0) {
            return "better";
        }
        if (hi < 0) {
            return "worse";
        }
        return "inconclusive";
    }
}
