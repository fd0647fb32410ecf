package dev.znorm.data;

/**
 * Per-channel mean and standard deviation of a training split (in 0..1 pixel units), used to
 * normalise every split: {@code (pixel / 255 - mean[c]) / std[c]}.
 */
public record Normalization(double[] mean, double[] std) {

    /** The statistics of {@code train} over all its pixels, accumulated in float64. */
    public static Normalization of(ImageSet train) {
        return of(train.raw(), train.size(), train.channels(), train.height() * train.width());
    }

    /**
     * The per-channel statistics of {@code n} uint8 images of {@code channels} planes of {@code
     * plane} pixels.
     */
    static Normalization of(byte[] px, int n, int channels, int plane) {
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < channels; ch++) {
                int base = (i * channels + ch) * plane;
                long s = 0;
                long s2 = 0;
                for (int p = 0; p < plane; p++) {
                    int v = px[base + p] & 0xFF;
                    s += v;
                    s2 += (long) v * v;
                }
                sum[ch] += s;
                sq[ch] += s2;
            }
        }
        double count = (double) n * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int ch = 0; ch < channels; ch++) {
            double m = sum[ch] / count;
            mean[ch] = m / 255;
            std[ch] = Math.sqrt(Math.max(sq[ch] / count - m * m, 0)) / 255;
            if (std[ch] == 0) {
                std[ch] = 1; // a constant channel: centre it only
            }
        }
        return new Normalization(mean, std);
    }

    /**
     * For each channel, the normalised float value of every uint8 level: {@code (v / 255 - mean) /
     * std}.
     */
    float[][] lookupTable() {
        float[][] lut = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
        return lut;
    }
}
