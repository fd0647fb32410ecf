package dev.znorm.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Deterministic mini-batches of an {@link ImageSet}: the order of epoch e is a permutation drawn
 * from (seed, e), and every sample's augmentation from (seed, e, sample), so the same seed gives
 * the same batches on any machine, and a run can resume at any (epoch, batch) without replaying the
 * ones before. Pixels become float32 only per batch.
 */
public final class Batches implements BatchSource {

    private final ImageSet set;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final Augmentation augmentation;
    private final float[][] lut;

    public Batches(
            ImageSet set,
            int batchSize,
            long seed,
            boolean shuffle,
            Augmentation augmentation,
            Normalization norm) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (norm.mean().length != set.channels()) {
            throw new IllegalArgumentException(
                    "normalisation has "
                            + norm.mean().length
                            + " channels but "
                            + set.source()
                            + " has "
                            + set.channels());
        }
        this.set = set;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.augmentation = augmentation;
        this.lut = norm.lookupTable();
    }

    @Override
    public int batchesPerEpoch() {
        return (set.size() + batchSize - 1) / batchSize;
    }

    @Override
    public int[] order(int epoch) {
        return Seeds.permutation(set.size(), Seeds.mix(seed, epoch), shuffle);
    }

    /** Batch {@code index} of {@code epoch} as (images NCHW float32, labels int64) in {@code m}. */
    public NDList batch(int epoch, int index, NDManager m) {
        return batch(order(epoch), epoch, index, m);
    }

    /** Batch {@code index} of {@code epoch} (images NCHW float32, labels) in Java memory. */
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
        long[] y = new long[n];
        byte[] px = set.raw();
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            y[k] = set.label(i);
            int src = i * set.imageBytes();
            int dst = k * c * plane;
            if (augmentation.isNone()) {
                for (int ch = 0; ch < c; ch++) {
                    float[] t = lut[ch];
                    for (int p = 0; p < plane; p++) {
                        x[dst + ch * plane + p] = t[px[src + ch * plane + p] & 0xFF];
                    }
                }
                continue;
            }
            Augmentation.Draw d =
                    augmentation.draw(new SplittableRandom(Seeds.mix(Seeds.mix(seed, epoch), i)));
            for (int ch = 0; ch < c; ch++) {
                float[] t = lut[ch];
                // Padding is a black (0) pixel before normalisation, as torchvision's
                // RandomCrop(padding=4) on the image followed by Normalize gives.
                float zero = t[0];
                for (int yy = 0; yy < h; yy++) {
                    for (int xx = 0; xx < w; xx++) {
                        int s = Augmentation.sourceIndex(d, augmentation.pad(), yy, xx, h, w);
                        x[dst + ch * plane + yy * w + xx] =
                                s < 0 ? zero : t[px[src + ch * plane + s] & 0xFF];
                    }
                }
            }
        }
        return HostBatch.classification(x, new Shape(n, c, h, w), y);
    }
}
