package dev.znorm.core.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * Zeroing a gradient clears every entry, NaN and Inf included, in the array's own memory (the next
 * backward pass adds to it), whichever way it gets there: Java writes on float32 CPU memory, DJL's
 * indexed set on a view it can only copy and on other types.
 */
class GradientsTest {

    private static final float[] SPECIALS = {
        1.5f, Float.NaN, Float.POSITIVE_INFINITY, -0f, Float.NEGATIVE_INFINITY, -3f
    };

    @Test
    void zeroesEveryEntryOfFloat32MemoryLongerThanOneChunk() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 10_000; // more than the 4096-entry block of zeros it writes from
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = SPECIALS[i % SPECIALS.length];
            }
            NDArray g = m.create(x, new Shape(100, 100));
            Gradients.zero(g);
            assertArrayEquals(new float[n], g.toFloatArray(), 0f);
        }
    }

    @Test
    void zeroesAViewItCannotWriteFromJavaAndOtherTypes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray base = m.create(SPECIALS, new Shape(2, 3));
            NDArray view = base.transpose(); // not contiguous: DJL hands out a copy of its memory
            Gradients.zero(view);
            assertArrayEquals(new float[6], base.toFloatArray(), 0f, "the base saw the writes");
            NDArray g64 = m.create(new double[] {Double.NaN, 2, Double.NEGATIVE_INFINITY});
            Gradients.zero(g64);
            assertArrayEquals(new double[3], g64.toDoubleArray(), 0.0);
        }
    }

    /**
     * The weight's own gradient is cleared where the next backward pass adds to it: NaN and Inf
     * entries too, and the pass after it sees only its own gradient.
     */
    @Test
    void zeroesTheWeightsOwnGradient() {
        clearsTheWeightsOwnGradient(Gradients::zeroOwn);
    }

    /** The same from Java, the way taken on engines without DJL's native call. */
    @Test
    void zeroesTheWeightsOwnGradientFromJava() {
        clearsTheWeightsOwnGradient(Gradients::zeroOwnFromJava);
    }

    /**
     * On the PyTorch engine the clearing is DJL's one native call, not the Java writes (a broken
     * lookup would cost about 1.5 us a tensor without changing any result); a class loader that
     * cannot see the engine finds nothing, and the Java way is taken.
     */
    @Test
    void usesThePyTorchEnginesNativeCallWhereThereIsOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1, 2});
            assertTrue(NativeZeroGrad.available(w), w.getClass().getName());
            NativeZeroGrad.Found none =
                    NativeZeroGrad.find(new java.net.URLClassLoader(new java.net.URL[0], null));
            assertFalse(none.clears(w));
        }
    }

    private static void clearsTheWeightsOwnGradient(java.util.function.Consumer<NDArray> clear) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1, Float.POSITIVE_INFINITY, Float.NaN});
            w.setRequiresGradient(true);
            backwardOfSquares(w);
            float[] g = w.getGradient().toFloatArray();
            assertEquals(Float.POSITIVE_INFINITY, g[1]);
            assertTrue(Float.isNaN(g[2]));
            clear.accept(w);
            assertArrayEquals(new float[3], w.getGradient().toFloatArray(), 0f);

            NDArray v = m.create(new float[] {1, 2, 3});
            v.setRequiresGradient(true);
            backwardOfSquares(v);
            clear.accept(v);
            backwardOfSquares(v);
            assertArrayEquals(new float[] {2, 4, 6}, v.getGradient().toFloatArray(), 0f);
        }
    }

    private static void backwardOfSquares(NDArray w) {
        try (ai.djl.training.GradientCollector c =
                ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            c.backward(w.mul(w).sum());
        }
    }
}
