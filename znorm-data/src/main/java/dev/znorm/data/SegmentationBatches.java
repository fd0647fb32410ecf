package dev.znorm.data;

import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Deterministic mini-batches of a {@link SegmentationSet}: images normalised per channel, masks as
 * float {0, 1} of shape (N, 1, H, W); the augmentation draw (crop of the zero-padded image, flips)
 * is applied jointly to an image and its mask. Order and draws come from (seed, epoch, sample) as
 * in {@link Batches}.
 */
public final class SegmentationBatches implements BatchSource {

    private final SegmentationSet set;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final Augmentation augmentation;
    private final float[][] lut;

    public SegmentationBatches(
            SegmentationSet set,
            int batchSize,
            long seed,
            boolean shuffle,
            Augmentation augmentation,
            double[] mean,
            double[] std) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.set = set;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.augmentation = augmentation;
        this.lut = new Normalization(mean, std).lookupTable();
    }

    /** Per-channel mean and std (0..1 units) of the images of {@code train}. */
    public static double[][] channelStats(SegmentationSet train) {
        Normalization n =
                Normalization.of(
                        train.rawImages(),
                        train.size(),
                        train.channels(),
                        train.height() * train.width());
        return new double[][] {n.mean(), n.std()};
    }

    @Override
    public int batchesPerEpoch() {
        return (set.size() + batchSize - 1) / batchSize;
    }

    @Override
    public int[] order(int epoch) {
        return Seeds.permutation(set.size(), Seeds.mix(seed, epoch), shuffle);
    }

    /** Batch {@code index} of {@code epoch} (images NCHW float32, masks N1HW float32). */
    @Override
    public HostBatch prepare(int[] order, int epoch, int index) {
        int[] range = Seeds.batchRange(index, batchSize, set.size());
        int from = range[0];
        int n = range[1] - from;
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
            Augmentation.Draw d =
                    augmentation.isNone()
                            ? Augmentation.Draw.IDENTITY
                            : augmentation.draw(
                                    new SplittableRandom(Seeds.mix(Seeds.mix(seed, epoch), i)));
            int pad = augmentation.isNone() ? 0 : augmentation.pad();
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    int s = Augmentation.sourceIndex(d, pad, yy, xx, h, w);
                    int o = yy * w + xx;
                    y[k * plane + o] = s < 0 ? 0f : mk[i * plane + s];
                    for (int ch = 0; ch < c; ch++) {
                        x[(k * c + ch) * plane + o] =
                                lut[ch][s < 0 ? 0 : im[(i * c + ch) * plane + s] & 0xFF];
                    }
                }
            }
        }
        return HostBatch.segmentation(x, new Shape(n, c, h, w), y, new Shape(n, 1, h, w));
    }
}
