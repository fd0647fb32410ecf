package dev.znorm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;
import java.util.Random;

/** Test helpers: random gradients of real layer shapes and comparisons with float64 references. */
public final class Tensors {

    /** Layer shapes of a CIFAR ResNet: stem conv, block convs, classifier, a bias, BN gamma. */
    public static final java.util.List<Shape> LAYER_SHAPES =
            java.util.List.of(
                    new Shape(16, 3, 3, 3),
                    new Shape(32, 16, 3, 3),
                    new Shape(64, 64, 3, 3),
                    new Shape(10, 64),
                    new Shape(10),
                    new Shape(64),
                    new Shape(1));

    /**
     * The dtype of the tensors {@link #apply} hands a transform: float32 takes the Java kernels,
     * float64 the NDArray path (which GPUs and other dtypes take); {@code NDArrayPathTest} switches
     * it.
     */
    static DataType inputType = DataType.FLOAT32;

    private Tensors() {}

    public static void useInputType(DataType type) {
        inputType = type;
    }

    public static float[] randomGradient(Random rnd, long n, double scale, double offset) {
        float[] g = new float[(int) n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (scale * (rnd.nextGaussian() + offset));
        }
        return g;
    }

    public static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * Applies {@code t} to one tensor called "p" whose weight is {@code weight} (or the gradient).
     */
    public static float[] apply(
            GradientTransform t, NDManager m, float[] grad, Shape shape, float[] weight) {
        NDArray g = m.create(grad, shape).toType(inputType, false);
        NDArray w = m.create(weight == null ? grad : weight, shape).toType(inputType, false);
        ParamSet params = ParamSet.of(new Param("p", w, null));
        try (TransformState state = new TransformState()) {
            t.init(params, state);
            return t.update(Updates.single("p", g), state, params)
                    .get("p")
                    .toType(DataType.FLOAT32, false)
                    .toFloatArray();
        }
    }

    /** |actual - expected| <= rel * max(|expected|, floor) elementwise; NaN must match NaN. */
    public static void assertClose(
            double[] expected, float[] actual, double rel, double floor, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a)) {
                if (!(Double.isNaN(e) && Double.isNaN(a))) {
                    fail(what + "[" + i + "]: expected " + e + " but was " + a);
                }
                continue;
            }
            if (Double.isInfinite(e) || Double.isInfinite(a)) {
                if (e != a) {
                    fail(what + "[" + i + "]: expected " + e + " but was " + a);
                }
                continue;
            }
            double tol = rel * Math.max(Math.abs(e), floor);
            if (!(Math.abs(a - e) <= tol)) {
                fail(
                        what
                                + "["
                                + i
                                + "]: expected "
                                + e
                                + " but was "
                                + a
                                + " (tolerance "
                                + tol
                                + ")");
            }
        }
    }
}
