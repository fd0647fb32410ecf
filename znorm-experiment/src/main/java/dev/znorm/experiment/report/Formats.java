package dev.znorm.experiment.report;

import java.util.Locale;

/** How reports write numbers: percentages, raw values with spread, durations. */
public final class Formats {

    private Formats() {}

    /**
     * "48.73 ± 1.23" in percent, one value without ± when there is a single seed, "-" without data.
     */
    public static String pct(PairedStats s) {
        return s.n() == 0
                ? "-"
                : Double.isNaN(s.std())
                        ? String.format(Locale.ROOT, "%.2f", 100 * s.mean())
                        : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * s.mean(), 100 * s.std());
    }

    /** A p-value: "0.035", "<0.001", or "-" without a test. */
    public static String p(double p) {
        return Double.isNaN(p) ? "-" : p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** "0.8903 ± 0.0221", or one value, or "-". */
    public static String num(PairedStats s) {
        return s.n() == 0
                ? "-"
                : Double.isNaN(s.std())
                        ? String.format(Locale.ROOT, "%.4f", s.mean())
                        : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.std());
    }

    /** "1h05m", "3m07s", "42s". */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
