package dev.znorm.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.Reference;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float32 kernel where it is easiest to get wrong: a mean that dwarfs the spread (the z-score
 * is a small difference of large numbers, so the mean is carried as a float pair), and inputs it
 * must not take (float64 keeps its own path and type).
 */
class KernelEdgesTest {

    @Test
    void zscoreStaysAccurateWhenTheMeanDwarfsTheSpread() {
        Random rnd = new Random(5);
        float[] g = new float[4096];
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (1000 + 0.01 * rnd.nextGaussian());
            d[i] = g[i];
        }
        double mu = Reference.mean(d, 0, d.length);
        double sigma = Reference.std(d, 0, d.length, false);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z =
                    ZNorm.zscore(m.create(g, new Shape(64, 64)), 1e-12, false, false)
                            .toFloatArray();
            double worst = 0;
            for (int i = 0; i < g.length; i++) {
                worst = Math.max(worst, Math.abs(z[i] - (d[i] - mu) / sigma));
            }
            // a mean of 1000 carried in one float would be off by up to 3e-5, i.e. 3e-3 in z
            assertTrue(worst < 1e-5, "largest error " + worst);
        }
    }

    /**
     * The variance keeps float32 accuracy, each z within 2 ulps of the float64 two-pass value, on
     * the one-pass path that gradient-like units take (mean up to ten spreads, the sizes of ResNet
     * kernels) and on the second pass its error bound sends a mean of a million spreads to (where
     * sum(x^2) - mu sum(x) would be off by a part in a thousand).
     */
    @Test
    void varianceKeepsFloat32AccuracyOnBothPaths() {
        Random rnd = new Random(11);
        for (int n : new int[] {9, 144, 4096, 36864}) {
            for (double meanInSpreads : new double[] {0, 3, 10, 1e6}) {
                float[] g = new float[n];
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (1e-3 * (meanInSpreads + rnd.nextGaussian()));
                    d[i] = g[i];
                }
                double mu = Reference.mean(d, 0, n);
                double sigma = Reference.std(d, 0, n, false);
                try (NDManager m = NDManager.newBaseManager()) {
                    float[] z =
                            ZNorm.zscore(m.create(g, new Shape(n)), 0, false, false).toFloatArray();
                    for (int i = 0; i < n; i++) {
                        float want = (float) ((d[i] - mu) / sigma);
                        assertTrue(
                                Math.abs(z[i] - want) <= 2 * Math.ulp(want),
                                "n="
                                        + n
                                        + " mean="
                                        + meanInSpreads
                                        + " entry "
                                        + i
                                        + ": "
                                        + z[i]
                                        + " against "
                                        + want);
                    }
                }
            }
        }
    }

    /**
     * Each kernel transform's one-tensor form without ownership is its owned form told "not owned":
     * a new array, the same values.
     */
    @Test
    void theFormWithoutOwnershipIsTheNotOwnedForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] g = new float[24];
            Random rnd = new Random(8);
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) rnd.nextGaussian();
            }
            dev.znorm.core.transform.Param p =
                    new dev.znorm.core.transform.Param("w", m.zeros(new Shape(4, 6)), null);
            ZNorm z = ZNorm.create();
            CenterOnly c = CenterOnly.create();
            ScaleOnly s = ScaleOnly.builder().build();
            GradientCentralization gc = GradientCentralization.create();
            java.util.Map<String, java.util.List<java.util.function.Function<NDArray, NDArray>>>
                    forms =
                            java.util.Map.of(
                                    "znorm",
                                    java.util.List.of(
                                            x -> z.transform(p, x), x -> z.transform(p, x, false)),
                                    "center",
                                    java.util.List.of(
                                            x -> c.transform(p, x), x -> c.transform(p, x, false)),
                                    "scale",
                                    java.util.List.of(
                                            x -> s.transform(p, x), x -> s.transform(p, x, false)),
                                    "gc",
                                    java.util.List.of(
                                            x -> gc.transform(p, x),
                                            x -> gc.transform(p, x, false)));
            forms.forEach(
                    (name, f) -> {
                        NDArray grad = m.create(g, new Shape(4, 6));
                        NDArray a = f.get(0).apply(grad);
                        NDArray b = f.get(1).apply(grad);
                        org.junit.jupiter.api.Assertions.assertNotSame(grad, a, name);
                        org.junit.jupiter.api.Assertions.assertArrayEquals(
                                b.toFloatArray(), a.toFloatArray(), name);
                        org.junit.jupiter.api.Assertions.assertArrayEquals(
                                g, grad.toFloatArray(), name + " left the gradient alone");
                    });
        }
    }

    @Test
    void float64GradientsKeepTheirTypeAndTheirPrecision() {
        Random rnd = new Random(6);
        double[] d = new double[300];
        for (int i = 0; i < d.length; i++) {
            d[i] = 1e-3 * rnd.nextGaussian() + 0.5;
        }
        double mu = Reference.mean(d, 0, d.length);
        double sigma = Reference.std(d, 0, d.length, false);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = ZNorm.zscore(m.create(d, new Shape(10, 30)), 1e-12, false, false);
            assertEquals(DataType.FLOAT64, z.getDataType());
            double[] out = z.toDoubleArray();
            for (int i = 0; i < d.length; i++) {
                assertEquals((d[i] - mu) / (sigma + 1e-12), out[i], 1e-9, "entry " + i);
            }
        }
    }
}
