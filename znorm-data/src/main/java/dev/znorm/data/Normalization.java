package dev.znorm.data;

/**
 * Per-channel mean and standard deviation of a training split (in 0..1 pixel units), used to
 * normalise every split: {@code (pixel / 255 - mean[c]) / std[c]}.
 */
public record Normalization(double[] mean, double[] std) {

    /** The statistics of {@code train} over all its pixels, accumulated in float64. */
    public static Normalization of(ImageSet train) {
        int c = train.channels();
        int plane = train.height() * train.width();
        double[] sum = new double[c];
        double[] sq = new double[c];
        byte[] px = train.raw();
        for (int i = 0; i < train.size(); i++) {
            int base = i * train.imageBytes();
            for (int ch = 0; ch < c; ch++) {
                long s = 0;
                long s2 = 0;
                for (int p = 0; p < plane; p++) {
                    int v = px[base + ch * plane + p] & 0xFF;
                    s += v;
                    s2 += v * v;
                }
                sum[ch] += s;
                sq[ch] += s2;
            }
        }
        double n = (double) train.size() * plane;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = m / 255;
            std[ch] = Math.sqrt(Math.max(sq[ch] / n - m * m, 0)) / 255;
            if (std[ch] == 0) {
                std[ch] = 1; // a constant channel: centre it only
            }
        }
        return new Normalization(mean, std);
    }
}
