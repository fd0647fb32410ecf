package dev.znorm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static NDManager m;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static final Normalization UNIT =
            new Normalization(new double[] {0, 0, 0}, new double[] {1, 1, 1});

    @Test
    void sameSeedSameBatchesOtherSeedOtherOrderEveryImageOncePerEpoch() {
        ImageSet set = CifarBinaryTest.random(50, 9);
        Batches a = new Batches(set, 16, 7, true, Augmentation.CIFAR, Normalization.of(set));
        Batches b = new Batches(set, 16, 7, true, Augmentation.CIFAR, Normalization.of(set));
        Batches c = new Batches(set, 16, 8, true, Augmentation.CIFAR, Normalization.of(set));
        assertEquals(4, a.batchesPerEpoch());
        assertArrayEquals(
                a.batch(2, 1, m).get(0).toFloatArray(), b.batch(2, 1, m).get(0).toFloatArray());
        assertFalse(Arrays.equals(a.order(2), c.order(2)));
        assertFalse(Arrays.equals(a.order(2), a.order(3)), "a new order every epoch");
        int[] sorted = a.order(5).clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
        NDList last = a.batch(0, 3, m);
        assertEquals(new Shape(2, 3, 32, 32), last.get(0).getShape());
        assertEquals(DataType.INT64, last.get(1).getDataType());
    }

    @Test
    void withoutAugmentationPixelsAreNormalisedInPlaceOrder() {
        ImageSet set = CifarBinaryTest.random(3, 10);
        Normalization n =
                new Normalization(new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.5, 1});
        float[] x =
                new Batches(set, 3, 1, false, Augmentation.NONE, n)
                        .batch(0, 0, m)
                        .get(0)
                        .toFloatArray();
        assertEquals(
                (set.pixel(2, 1, 5, 7) / 255.0 - 0.5) / 0.5, x[2 * 3072 + 1024 + 5 * 32 + 7], 1e-6);
    }

    @Test
    void augmentationIsACropOfThePaddedImageOrItsMirror() {
        ImageSet set = CifarBinaryTest.random(40, 11);
        float[] plain =
                new Batches(set, 40, 3, false, Augmentation.NONE, UNIT)
                        .batch(0, 0, m)
                        .get(0)
                        .toFloatArray();
        float[] aug =
                new Batches(set, 40, 3, false, Augmentation.CIFAR, UNIT)
                        .batch(0, 0, m)
                        .get(0)
                        .toFloatArray();
        int changed = 0;
        for (int i = 0; i < 40; i++) {
            boolean found = false;
            for (int dy = -4; dy <= 4 && !found; dy++) {
                for (int dx = -4; dx <= 4 && !found; dx++) {
                    for (boolean flip : new boolean[] {false, true}) {
                        if (matches(plain, aug, i, dy, dx, flip)) {
                            found = true;
                            changed += dy != 0 || dx != 0 || flip ? 1 : 0;
                            break;
                        }
                    }
                }
            }
            assertTrue(found, "image " + i + " is a shifted (zero-padded), possibly mirrored copy");
        }
        assertTrue(changed > 30, "most images are moved or flipped: " + changed);
    }

    private static boolean matches(
            float[] plain, float[] aug, int i, int dy, int dx, boolean flip) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int sy = y + dy;
                    int sx = x + dx;
                    float expected =
                            sy < 0 || sy >= 32 || sx < 0 || sx >= 32
                                    ? 0f
                                    : plain[i * 3072 + c * 1024 + sy * 32 + (flip ? 31 - sx : sx)];
                    if (aug[i * 3072 + c * 1024 + y * 32 + x] != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
