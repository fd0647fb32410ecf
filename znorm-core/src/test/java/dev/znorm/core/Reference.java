package dev.znorm.core;

/**
 * Plain float64 Java implementations of docs/method.md's formulas, written independently of the
 * NDArray code under test. A tensor is a flat double[] in row-major order with {@code rows} output
 * units (dim 0).
 */
public final class Reference {

    private Reference() {}

    public static double mean(double[] g, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += g[i];
        }
        return s / (to - from);
    }

    public static double std(double[] g, int from, int to, boolean unbiased) {
        double mu = mean(g, from, to);
        double ss = 0;
        for (int i = from; i < to; i++) {
            ss += (g[i] - mu) * (g[i] - mu);
        }
        return Math.sqrt(ss / ((to - from) - (unbiased ? 1 : 0)));
    }

    public static double norm(double[] g, int from, int to) {
        double ss = 0;
        for (int i = from; i < to; i++) {
            ss += g[i] * g[i];
        }
        return Math.sqrt(ss);
    }

    private static boolean constant(double[] g, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (g[i] != g[from]) {
                return false;
            }
        }
        return true;
    }

    /** Z-score per unit of {@code rows} equal slices (rows = 1: per tensor). */
    public static double[] znorm(double[] g, int rows, double eps, boolean unbiased) {
        double[] out = new double[g.length];
        int w = g.length / rows;
        for (int r = 0; r < rows; r++) {
            int from = r * w;
            int to = from + w;
            if (constant(g, from, to)) {
                continue; // exact zeros
            }
            double mu = mean(g, from, to);
            double sigma = std(g, from, to, unbiased);
            for (int i = from; i < to; i++) {
                out[i] = (g[i] - mu) / (sigma + eps);
            }
        }
        return out;
    }

    public static double[] center(double[] g, int rows) {
        double[] out = new double[g.length];
        int w = g.length / rows;
        for (int r = 0; r < rows; r++) {
            double mu = mean(g, r * w, (r + 1) * w);
            for (int i = r * w; i < (r + 1) * w; i++) {
                out[i] = g[i] - mu;
            }
        }
        return out;
    }

    public static double[] scale(double[] g, double eps) {
        double[] out = new double[g.length];
        if (constant(g, 0, g.length)) {
            return out;
        }
        double sigma = std(g, 0, g.length, false);
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] / (sigma + eps);
        }
        return out;
    }

    public static double[] clipValue(double[] g, double c) {
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = Math.min(Math.max(g[i], -c), c);
        }
        return out;
    }

    public static double[] scaleBy(double[] g, double factor) {
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] * factor;
        }
        return out;
    }

    public static double[] clipNorm(double[] g, double c, double eps) {
        return scaleBy(g, Math.min(1, c / (norm(g, 0, g.length) + eps)));
    }

    public static double[] l2Normalize(double[] g, double eps) {
        double n = norm(g, 0, g.length);
        return n == 0 ? new double[g.length] : scaleBy(g, 1 / (n + eps));
    }

    /** AGC with units = rows (rows = 1 for the whole tensor). */
    public static double[] agc(double[] g, double[] w, int rows, double lambda, double eps) {
        double[] out = g.clone();
        int width = g.length / rows;
        for (int r = 0; r < rows; r++) {
            int from = r * width;
            int to = from + width;
            double m = lambda * Math.max(norm(w, from, to), eps);
            double gn = norm(g, from, to);
            if (gn > m) {
                for (int i = from; i < to; i++) {
                    out[i] = g[i] * (m / Math.max(gn, 1e-6));
                }
            }
        }
        return out;
    }
}
