package dev.znorm.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Adam's step in Java against its float32 formula (exactly) and against DJL's native kernel, whose
 * arithmetic it copies operation for operation (to rounding), for Adam and AdamW with and without
 * decay and for sizes around the chunk length; and the cases where it must step nothing (and say
 * so) or must notice that the arrays it knew were replaced.
 */
class DirectAdamKernelTest {

    private static AdamStepConstants constants(int step, float wd, boolean decoupled) {
        double b1 = 0.9;
        double b2 = 0.999;
        double lr = 1e-2;
        double bc1 = 1 - Math.pow(b1, step);
        double s = Math.sqrt(1 - Math.pow(b2, step));
        return new AdamStepConstants(
                (float) lr,
                (float) (lr * s / bc1),
                wd,
                (float) b1,
                (float) b2,
                (float) (1e-8 * s),
                decoupled);
    }

    private static float[] random(Random rnd, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (scale * rnd.nextGaussian());
        }
        return x;
    }

    /**
     * The float32 formula written out per entry with Java's correctly rounded operations: what the
     * kernel must compute exactly, chunk boundaries and tails included.
     */
    private static void reference(
            float[] w, float[] g0, float[] m, float[] v, AdamStepConstants c) {
        for (int i = 0; i < w.length; i++) {
            float g = g0[i];
            if (c.decoupled()) {
                w[i] = w[i] - (w[i] * c.rate()) * c.weightDecay();
            } else {
                g = Math.fma(w[i], c.weightDecay(), g);
            }
            m[i] = Math.fma(g, 1f - c.beta1(), m[i] * c.beta1());
            v[i] = Math.fma((1f - c.beta2()) * g, g, v[i] * c.beta2());
            w[i] = w[i] - (m[i] * c.rateBc()) / ((float) Math.sqrt(v[i]) + c.eps());
        }
    }

    /**
     * Bit for bit the float32 formula, and DJL's native kernel to rounding: the moments
     * bit-identical where they do not depend on the weight (no coupled decay), the weights within
     * two ulps plus a millionth of the step. Not closer, because libtorch's vectorised sqrt is not
     * correctly rounded (it differs from IEEE's in about one entry in six, by one ulp).
     */
    @ParameterizedTest(name = "n={0}, wd={1}, decoupled={2}")
    @CsvSource({
        "7, 0, false",
        "2048, 0, false",
        "2049, 0.01, false",
        "5000, 0.01, true",
        "36864, 0.0005, false",
        "36864, 0.1, true"
    })
    void computesTheFloat32FormulaAndAgreesWithDjlsNativeKernel(
            int n, float wd, boolean decoupled) {
        Random rnd = new Random(n);
        try (NDManager mgr = NDManager.newBaseManager()) {
            Shape shape = new Shape(n);
            float[] w = random(rnd, n, 0.1);
            float[] m = new float[n];
            float[] v = new float[n];
            NDArray wJava = mgr.create(w, shape);
            NDArray wNative = mgr.create(w, shape);
            NDArray mJava = mgr.zeros(shape);
            NDArray vJava = mgr.zeros(shape);
            NDArray mNative = mgr.zeros(shape);
            NDArray vNative = mgr.zeros(shape);
            DirectAdamKernel kernel = new DirectAdamKernel();
            for (int step = 1; step <= 4; step++) {
                float[] g = random(rnd, n, 1e-3);
                NDArray gArray = mgr.create(g, shape);
                AdamStepConstants c = constants(step, wd, decoupled);
                assertEquals(
                        InPlaceStep.STEPPED,
                        kernel.step("w", wJava, gArray, mJava, vJava, c, false),
                        "the Java path");
                FusedAdamKernel.step(wNative, gArray, mNative, vNative, c);
                reference(w, g, m, v, c);
            }
            assertArrayEquals(w, wJava.toFloatArray(), 0f, "weights: the formula exactly");
            assertArrayEquals(m, mJava.toFloatArray(), 0f, "first moments: the formula exactly");
            assertArrayEquals(v, vJava.toFloatArray(), 0f, "second moments: the formula exactly");
            if (wd == 0 || decoupled) {
                assertArrayEquals(mNative.toFloatArray(), m, 0f, "first moments: native's");
                assertArrayEquals(vNative.toFloatArray(), v, 0f, "second moments: native's");
            }
            float[] wn = wNative.toFloatArray();
            for (int i = 0; i < n; i++) {
                float allowed = 2 * Math.ulp(Math.abs(wn[i])) + 1e-6f * 4 * 1e-2f;
                assertEquals(wn[i], w[i], allowed, "weight " + i + " against the native kernel");
            }
        }
    }

    @Test
    void stepsNothingAndSaysSoWhereItCannotWrite() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            DirectAdamKernel kernel = new DirectAdamKernel();
            AdamStepConstants c = constants(1, 0, false);
            // a transposed view is not contiguous: DJL would hand out a copy of its memory
            NDArray base = mgr.create(random(new Random(1), 12, 1), new Shape(3, 4));
            NDArray w = base.transpose();
            float[] before = w.toFloatArray();
            NDArray g = mgr.ones(new Shape(4, 3));
            assertEquals(
                    InPlaceStep.NOT_TAKEN,
                    kernel.step(
                            "t", w, g, mgr.zeros(w.getShape()), mgr.zeros(w.getShape()), c, false));
            assertArrayEquals(before, w.toFloatArray(), "untouched");
            // float64 keeps its own path
            NDArray w64 = mgr.ones(new Shape(5), DataType.FLOAT64);
            assertEquals(
                    InPlaceStep.NOT_TAKEN,
                    kernel.step(
                            "d",
                            w64,
                            mgr.ones(new Shape(5), DataType.FLOAT64),
                            mgr.zeros(new Shape(5), DataType.FLOAT64),
                            mgr.zeros(new Shape(5), DataType.FLOAT64),
                            c,
                            false));
            assertArrayEquals(new double[] {1, 1, 1, 1, 1}, w64.toDoubleArray());
        }
    }

    /** Zeroing the gradient as it reads changes nothing else, and says so only when it did. */
    @Test
    void zeroesTheGradientAsItReadsOnlyWhenAskedAndTheStepIsTheSame() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            Shape shape = new Shape(5000);
            Random rnd = new Random(9);
            float[] w = random(rnd, 5000, 0.1);
            float[] g = random(rnd, 5000, 1e-3);
            float[][] weights = new float[2][];
            for (int zero = 0; zero < 2; zero++) {
                DirectAdamKernel kernel = new DirectAdamKernel();
                NDArray wa = mgr.create(w, shape);
                NDArray ga = mgr.create(g, shape);
                assertEquals(
                        zero == 1 ? InPlaceStep.STEPPED_AND_ZEROED : InPlaceStep.STEPPED,
                        kernel.step(
                                "w",
                                wa,
                                ga,
                                mgr.zeros(shape),
                                mgr.zeros(shape),
                                constants(1, 0.01f, false),
                                zero == 1));
                assertArrayEquals(zero == 1 ? new float[5000] : g, ga.toFloatArray(), 0f);
                weights[zero] = wa.toFloatArray();
            }
            assertArrayEquals(weights[0], weights[1], 0f, "the same step");
        }
    }

    /** Loading a state or a model replaces the arrays: the kernel must write the new ones. */
    @Test
    void followsArraysThatReplaceTheOnesItKnew() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            DirectAdamKernel kernel = new DirectAdamKernel();
            Shape shape = new Shape(10);
            NDArray g = mgr.ones(shape);
            NDArray w1 = mgr.zeros(shape);
            NDArray m1 = mgr.zeros(shape);
            NDArray v1 = mgr.zeros(shape);
            assertEquals(
                    InPlaceStep.STEPPED,
                    kernel.step("w", w1, g, m1, v1, constants(1, 0, false), false));
            float[] w1After = w1.toFloatArray();
            NDArray w2 = mgr.zeros(shape);
            NDArray m2 = mgr.zeros(shape);
            NDArray v2 = mgr.zeros(shape);
            w1.close();
            assertEquals(
                    InPlaceStep.STEPPED,
                    kernel.step("w", w2, g, m2, v2, constants(1, 0, false), false));
            assertArrayEquals(w1After, w2.toFloatArray(), "the new weight took the step");
            assertEquals(0.1f, m2.toFloatArray()[0], 1e-7f, "and its own moments");
            assertEquals(
                    0.1f, m1.toFloatArray()[0], 1e-7f, "the old moments are not stepped again");
            // a moment alone replaced (a loaded optimizer state) is noticed too
            NDArray m3 = mgr.zeros(shape);
            assertEquals(
                    InPlaceStep.STEPPED,
                    kernel.step("w", w2, g, m3, v2, constants(2, 0, false), false));
            assertEquals(0.1f, m3.toFloatArray()[0], 1e-7f);
            assertEquals(
                    0.1f, m2.toFloatArray()[0], 1e-7f, "the replaced moment is not stepped again");
        }
    }
}
