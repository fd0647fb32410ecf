package dev.znorm.core.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.Reference;
import dev.znorm.core.Tensors;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/method.md's properties, each checked on many seeded random gradients (random shapes, scales
 * from 1e-8 to 1e3 and mean offsets). Statistics of the float32 outputs are taken in float64.
 */
class TransformPropertiesTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    record Trial(int seed, Shape shape, float[] g) {
        @Override
        public String toString() {
            return "seed " + seed + " " + shape;
        }

        double[] d() {
            return Tensors.toDouble(g);
        }

        int rows() {
            return (int) shape.get(0);
        }
    }

    static Stream<Trial> trials() {
        return IntStream.range(0, 40)
                .mapToObj(
                        seed -> {
                            Random rnd = new Random(1000 + seed);
                            int ndim = 2 + rnd.nextInt(3);
                            long[] dims = new long[ndim];
                            for (int i = 0; i < ndim; i++) {
                                dims[i] = 1L + rnd.nextInt(i == 0 ? 12 : 6);
                            }
                            if (dims[0] * (dims.length > 1 ? dims[1] : 1) < 2) {
                                dims[ndim - 1] += 2;
                            }
                            Shape shape = new Shape(dims);
                            double scale = Math.pow(10, -8 + 11 * rnd.nextDouble());
                            return new Trial(
                                    seed,
                                    shape,
                                    Tensors.randomGradient(
                                            rnd, shape.size(), scale, rnd.nextGaussian()));
                        });
    }

    private static float[] run(GradientTransform t, float[] g, Shape shape) {
        return Tensors.apply(t, manager, g, shape, null);
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] d(float[] f) {
        return Tensors.toDouble(f);
    }

    private static void near(double expected, double actual, double rel, String what) {
        assertTrue(
                Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-30),
                what + ": expected " + expected + " but was " + actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void znormHasZeroMeanUnitStdAndNormSqrtN(Trial t) {
        double sigma = Reference.std(t.d(), 0, t.g.length, false);
        double ratio = sigma / (sigma + 1e-12);
        double[] z = d(run(ZNorm.create(), t.g, t.shape));
        int n = z.length;
        assertTrue(Math.abs(Reference.mean(z, 0, n)) <= 1e-6, "mean " + Reference.mean(z, 0, n));
        near(ratio, Reference.std(z, 0, n, false), 1e-5, "population std");
        near(Math.sqrt(n) * ratio, Reference.norm(z, 0, n), 1e-5, "norm");
        double[] zu = d(run(ZNorm.builder().unbiased(true).build(), t.g, t.shape));
        double sigmaU = Reference.std(t.d(), 0, n, true);
        near(sigmaU / (sigmaU + 1e-12), Reference.std(zu, 0, n, true), 1e-5, "unbiased std");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void znormIsAffineInvariantOddAndIdempotent(Trial t) {
        GradientTransform z0 = ZNorm.builder().eps(0).build();
        float[] z = run(z0, t.g, t.shape);
        double a = 3.7;
        double b = -0.25 * Reference.std(t.d(), 0, t.g.length, false);
        float[] shifted = new float[t.g.length];
        float[] negated = new float[t.g.length];
        for (int i = 0; i < t.g.length; i++) {
            shifted[i] = (float) (a * t.g[i] + b);
            negated[i] = -t.g[i];
        }
        Tensors.assertClose(d(z), run(z0, shifted, t.shape), 1e-4, 1e-2, "Z(aG + b) = Z(G)");
        // z has unit scale: a floor of 0.1 allows about 8 float32 ulps of 1 for entries near 0
        Tensors.assertClose(d(z), negate(run(z0, negated, t.shape)), 1e-5, 1e-1, "Z(-G) = -Z(G)");
        Tensors.assertClose(d(z), run(z0, z, t.shape), 1e-5, 1e-1, "Z(Z(G)) = Z(G)");
    }

    private static float[] negate(float[] f) {
        float[] out = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = -f[i];
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void znormWithEpsEqualsScaledDeviation(Trial t) {
        double sigma = Reference.std(t.d(), 0, t.g.length, false);
        double eps = sigma * 0.5; // large enough to matter
        double a = 2.0;
        float[] scaled = new float[t.g.length];
        for (int i = 0; i < t.g.length; i++) {
            scaled[i] = (float) (a * t.g[i]);
        }
        // Z_eps(aG) = (G - mu) / (sigma + eps / a)
        double[] expected = Reference.znorm(t.d(), 1, eps / a, false);
        Tensors.assertClose(
                expected,
                run(ZNorm.builder().eps(eps).build(), scaled, t.shape),
                1e-5,
                1e-2,
                "eps scaling");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void everyCentringMethodIsADescentDirection(Trial t) {
        double[] g = t.d();
        double sigma = Reference.std(g, 0, g.length, false);
        double n = g.length;
        double expectedZ = n * sigma * sigma / (sigma + 1e-12);
        near(expectedZ, dot(g, run(ZNorm.create(), t.g, t.shape)), 1e-4, "<G, Z(G)>");
        // exact values, not just signs: an all-zero output would pass ">= 0"
        near(n * sigma * sigma, dot(g, run(CenterOnly.create(), t.g, t.shape)), 1e-4, "<G, C(G)>");
        int rows = t.rows();
        int w = g.length / rows;
        double zUnit = 0;
        double gcExpected = 0;
        for (int r = 0; r < rows; r++) {
            double s = Reference.std(g, r * w, (r + 1) * w, false);
            zUnit += w * s * s / (s + 1e-12);
            gcExpected += w * s * s;
        }
        near(
                zUnit,
                dot(g, run(ZNorm.builder().perOutputUnit().build(), t.g, t.shape)),
                1e-4,
                "<G, Zunit(G)> = sum over rows of n_r sigma_r^2 / (sigma_r + eps)");
        float[] gc = run(GradientCentralization.create(), t.g, t.shape);
        near(gcExpected, dot(g, gc), 1e-4, "<G, GC(G)> = sum over rows of n_r sigma_r^2");
        near(
                Reference.norm(d(gc), 0, gc.length) * Reference.norm(d(gc), 0, gc.length),
                dot(g, gc),
                1e-4,
                "<G, GC(G)> = ||GC(G)||^2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void gcRowsHaveZeroMeanAndGcIsIdempotent(Trial t) {
        float[] gc = run(GradientCentralization.create(), t.g, t.shape);
        int w = gc.length / t.rows();
        double scale = Reference.norm(t.d(), 0, t.g.length) / Math.sqrt(t.g.length);
        for (int r = 0; r < t.rows(); r++) {
            assertTrue(
                    Math.abs(Reference.mean(d(gc), r * w, (r + 1) * w)) <= 1e-6 * scale + 1e-30,
                    "row " + r + " mean");
        }
        Tensors.assertClose(
                d(gc),
                run(GradientCentralization.create(), gc, t.shape),
                1e-5,
                1e-3 * scale,
                "GC(GC(G)) = GC(G)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void scaleOfCenterIsZNorm(Trial t) {
        float[] sc = run(ScaleOnly.create(), run(CenterOnly.create(), t.g, t.shape), t.shape);
        Tensors.assertClose(d(run(ZNorm.create(), t.g, t.shape)), sc, 1e-4, 1e-2, "S(C(G)) = Z(G)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void clipByValueBoundsKeepsInsideEntriesAndIsIdempotent(Trial t) {
        double c = Reference.std(t.d(), 0, t.g.length, false) * 0.7 + 1e-30;
        float[] out = run(ClipByValue.builder().max(c).build(), t.g, t.shape);
        for (int i = 0; i < out.length; i++) {
            assertTrue(Math.abs(out[i]) <= (float) c, "|out| <= c");
            if (Math.abs(t.g[i]) <= c) {
                assertEquals(
                        Float.floatToRawIntBits(t.g[i]),
                        Float.floatToRawIntBits(out[i]),
                        "inside entry unchanged");
            }
        }
        assertArrayEquals(
                out, run(ClipByValue.builder().max(c).build(), out, t.shape), "idempotent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void clipByNormKeepsSmallGradientsAndScalesLargeOnesToTheThreshold(Trial t) {
        double norm = Reference.norm(t.d(), 0, t.g.length);
        for (GradientTransform[] pair :
                List.of(
                        new GradientTransform[] {
                            ClipByNorm.builder()
                                    .max(norm * 2)
                                    .eps(0)
                                    .errorIfNonFinite(false)
                                    .build(),
                            ClipByNorm.builder()
                                    .max(norm * 0.3)
                                    .eps(0)
                                    .errorIfNonFinite(false)
                                    .build()
                        },
                        new GradientTransform[] {
                            ClipByGlobalNorm.builder()
                                    .max(norm * 2)
                                    .eps(0)
                                    .errorIfNonFinite(false)
                                    .build(),
                            ClipByGlobalNorm.builder()
                                    .max(norm * 0.3)
                                    .eps(0)
                                    .errorIfNonFinite(false)
                                    .build()
                        })) {
            assertArrayEquals(
                    t.g, run(pair[0], t.g, t.shape), "below the threshold: bitwise unchanged");
            float[] clipped = run(pair[1], t.g, t.shape);
            near(norm * 0.3, Reference.norm(d(clipped), 0, clipped.length), 1e-6, "norm after = c");
            double cos =
                    dot(t.d(), clipped) / (norm * Reference.norm(d(clipped), 0, clipped.length));
            near(1.0, cos, 1e-6, "direction unchanged");
            float[] again = run(pair[1], clipped, t.shape);
            Tensors.assertClose(d(clipped), again, 1e-6, 0, "idempotent");
        }
        float[] withEps = run(ClipByNorm.builder().max(norm * 0.3).build(), t.g, t.shape);
        near(
                norm * 0.3,
                Reference.norm(d(withEps), 0, withEps.length),
                1e-6 / (norm * 0.3) + 1e-6,
                "eps 1e-6");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trials")
    void agcBoundsEveryUnitAndKeepsSmallUnits(Trial t) {
        Random rnd = new Random(t.seed);
        float[] w = Tensors.randomGradient(rnd, t.g.length, 1, 0);
        double lambda = 0.05;
        GradientTransform agc =
                AdaptiveGradientClipping.builder().lambda(lambda).excludeHead(false).build();
        float[] out = Tensors.apply(agc, manager, t.g, t.shape, w);
        int width = out.length / t.rows();
        double[] wd = Tensors.toDouble(w);
        for (int r = 0; r < t.rows(); r++) {
            double m = lambda * Math.max(Reference.norm(wd, r * width, (r + 1) * width), 1e-3);
            double before = Reference.norm(t.d(), r * width, (r + 1) * width);
            double after = Reference.norm(d(out), r * width, (r + 1) * width);
            assertTrue(after <= m * (1 + 1e-6), "unit " + r + ": " + after + " > " + m);
            if (before <= m) {
                for (int i = r * width; i < (r + 1) * width; i++) {
                    assertEquals(t.g[i], out[i], "unit " + r + " below the bound is unchanged");
                }
            }
        }
        Tensors.assertClose(
                d(out), Tensors.apply(agc, manager, out, t.shape, w), 1e-6, 1e-6, "idempotent");
    }

    static List<GradientTransform> everyMethod() {
        return List.of(
                ZNorm.create(),
                ZNorm.builder().perOutputUnit().build(),
                CenterOnly.create(),
                ScaleOnly.create(),
                GradientCentralization.create(),
                GradientCentralization.builder().convOnly(true).build(),
                L2Normalize.create());
    }

    @Test
    void tensorsOutsideTheSelectionAreBitwiseUnchanged() {
        Random rnd = new Random(7);
        Shape conv = new Shape(4, 3, 3, 3);
        Shape bias = new Shape(4);
        Shape linear = new Shape(10, 4);
        for (GradientTransform method : everyMethod()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            List<Param> params = new ArrayList<>();
            for (Object[] spec : new Object[][] {{"conv", conv}, {"bias", bias}, {"fc", linear}}) {
                Shape s = (Shape) spec[1];
                NDArray g = manager.create(Tensors.randomGradient(rnd, s.size(), 0.01, 0.5), s);
                grads.put((String) spec[0], g);
                params.add(new Param((String) spec[0], g.duplicate(), null));
            }
            ParamSet set = ParamSet.of(params);
            try (TransformState state = new TransformState()) {
                method.init(set, state);
                Updates out = method.update(Updates.of(grads), state, set);
                assertArrayEquals(
                        grads.get("bias").toFloatArray(),
                        out.get("bias").toFloatArray(),
                        method.name() + " leaves the 1-D bias unchanged");
                if (method.name().equals("gc") && method.toString().contains("ndim > 3")) {
                    assertArrayEquals(
                            grads.get("fc").toFloatArray(),
                            out.get("fc").toFloatArray(),
                            "conv-only GC leaves the linear weight unchanged");
                }
            }
        }
        GradientTransform convOnly =
                ZNorm.builder().select(ParamSelector.nameMatches("^conv")).build();
        NDArray fc = manager.create(Tensors.randomGradient(rnd, 40, 0.01, 0.5), linear);
        assertArrayEquals(
                fc.toFloatArray(),
                Tensors.apply(convOnly, manager, fc.toFloatArray(), linear, null),
                "a name selection that excludes the tensor leaves it unchanged");
    }

    @Test
    void constantAndOneElementTensorsGiveExactZerosAndNaNNeverThrows() {
        float[] constant = new float[36];
        java.util.Arrays.fill(constant, 1e30f);
        Shape s = new Shape(4, 9);
        for (GradientTransform m : everyMethod()) {
            if (!m.name().equals("center")
                    && !m.name().equals("gc")
                    && !m.name().equals("l2-normalize")) {
                assertArrayEquals(
                        new float[36], run(m, constant, s), m.name() + " on a constant tensor");
            }
            assertArrayEquals(
                    new float[1],
                    run(
                            ZNorm.builder().select(ParamSelector.all()).build(),
                            new float[] {3f},
                            new Shape(1)),
                    "one element");
            float[] nan = constant.clone();
            nan[3] = Float.NaN;
            float[] out = run(m, nan, s);
            assertTrue(Float.isNaN(out[3]), m.name() + " keeps NaN as NaN");
        }
        assertArrayEquals(
                new float[36], run(CenterOnly.create(), constant, s), "center of a constant");
        assertArrayEquals(
                new float[36],
                run(GradientCentralization.create(), constant, s),
                "GC of a constant");
        assertArrayEquals(new float[36], run(L2Normalize.create(), new float[36], s), "l2 of zero");
    }
}
