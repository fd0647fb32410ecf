package dev.znorm.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Deterministic mini-batches of a {@link SegmentationSet}: images normalised per channel, masks
 * as float {0, 1} of shape (N, 1, H, W); the augmentation draw (crop of the zero-padded image,
 * flips) is applied jointly to an image and its mask. Order and draws come from (seed, epoch,
 * sample) as in {@link Batches}.
 */
public final class SegmentationBatches {

    private final SegmentationSet set;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final Augmentation augmentation;
    private final float[][] lut;

    public SegmentationBatches(SegmentationSet set, int batchSize, long seed, boolean shuffle,
            Augmentation augmentation, double[] mean, double[] std) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.set = set;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.augmentation = augmentation;
        this.lut = new float[set.channels()][256];
        for (int c = 0; c < set.channels(); c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
    }

    /** Per-channel mean and std (0..1 units) of the images of {@code train}. */
    public static double[][] channelStats(SegmentationSet train) {
        int c = train.channels();
        int plane = train.height() * train.width();
        double[] sum = new double[c];
        double[] sq = new double[c];
        byte[] px = train.rawImages();
        for (int i = 0; i < train.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    int v = px[base + p] & 0xFF;
                    sum[ch] += v;
                    sq[ch] += (double) v * v;
                }
            }
        }
        double n = (double) train.size() * plane;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = m / 255;
            double s = Math.sqrt(Math.max(sq[ch] / n - m * m, 0)) / 255;
            std[ch] = s == 0 ? 1 : s;
        }
        return new double[][] {mean, std};
    }

    public int batchesPerEpoch() {
        return (set.size() + batchSize - 1) / batchSize;
    }

    public int[] order(int epoch) {
        return Seeds.permutation(set.size(), Seeds.mix(seed, epoch), shuffle);
    }

    /** Batch {@code index} of {@code epoch} as (images NCHW float32, masks N1HW float32). */
    public NDList batch(int[] order, int epoch, int index, NDManager m) {
        int from = index * batchSize;
        int to = Math.min(set.size(), from + batchSize);
        if (from >= to) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + batchesPerEpoch());
        }
        int n = to - from;
        int c = set.channels();
        int h = set.height();
        int w = set.width();
        int plane = h * w;
        float[] x = new float[n * c * plane];
        float[] y = new float[n * plane];
        byte[] im = set.rawImages();
        byte[] mk = set.rawMasks();
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            Augmentation.Draw d = augmentation.isNone() ? Augmentation.Draw.IDENTITY
                    : augmentation.draw(new SplittableRandom(Seeds.mix(Seeds.mix(seed, epoch), i)));
            int pad = augmentation.isNone() ? 0 : augmentation.pad();
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    int s = Augmentation.sourceIndex(d, pad, yy, xx, h, w);
                    int o = yy * w + xx;
                    y[k * plane + o] = s < 0 ? 0f : mk[i * plane + s];
                    for (int ch = 0; ch < c; ch++) {
                        x[(k * c + ch) * plane + o] = lut[ch][s < 0 ? 0 : im[(i * c + ch) * plane + s] & 0xFF];
                    }
                }
            }
        }
        NDArray images = m.create(x, new Shape(n, c, h, w));
        NDArray masks = m.create(y, new Shape(n, 1, h, w));
        return new NDList(images, masks);
    }
}
