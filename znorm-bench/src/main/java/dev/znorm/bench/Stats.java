package dev.znorm.bench;

import java.util.Arrays;

/** Medians and quartiles of repeated timings (single slow steps of 3-4 s happen here). */
final class Stats {

    private Stats() {}

    static double quantile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    static String summary(double[] ms) {
        return String.format(
                "%8.2f ms (IQR %.2f-%.2f)", median(ms), quantile(ms, 0.25), quantile(ms, 0.75));
    }
}
