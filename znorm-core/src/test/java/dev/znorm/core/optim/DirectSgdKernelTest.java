package dev.znorm.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SGD's Java kernel on tensors longer than its chunk (the golden trajectories, which it matches bit
 * for bit, are smaller): torch's float32 formula exactly, every variant; and the NDArray path, with
 * the same result to rounding, where the weight's memory cannot be written from Java.
 */
class DirectSgdKernelTest {

    /** torch.optim.SGD's single-tensor step in float32, entry by entry. */
    private static void reference(
            float[] w,
            float[] g,
            float[] buf,
            boolean first,
            float lr,
            float wd,
            float mu,
            float damp,
            boolean nesterov) {
        for (int i = 0; i < w.length; i++) {
            float d = wd != 0 ? Math.fma(w[i], wd, g[i]) : g[i];
            if (mu != 0) {
                buf[i] = first ? d : Math.fma(d, 1f - damp, buf[i] * mu);
                d = nesterov ? Math.fma(buf[i], mu, d) : buf[i];
            }
            w[i] = Math.fma(d, -lr, w[i]);
        }
    }

    private static float[] random(Random rnd, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (scale * rnd.nextGaussian());
        }
        return x;
    }

    @ParameterizedTest(name = "n={0} momentum={1} dampening={2} nesterov={3} wd={4}")
    @CsvSource({
        "5000, 0, 0, false, 0",
        "5000, 0, 0, false, 0.01",
        "4097, 0.9, 0, false, 0",
        "6000, 0.9, 0.1, false, 0.001",
        "36864, 0.9, 0, true, 0.0005"
    })
    void isTorchsFloat32FormulaExactly(int n, float mu, float damp, boolean nesterov, float wd) {
        Random rnd = new Random(n);
        Sgd sgd =
                Sgd.builder()
                        .lr(0.05)
                        .momentum(mu)
                        .dampening(damp)
                        .nesterov(nesterov)
                        .weightDecay(wd)
                        .build();
        try (NDManager m = NDManager.newBaseManager();
                TransformState state = new TransformState()) {
            float[] w = random(rnd, n, 0.1);
            float[] buf = new float[n];
            Param p = new Param("w", m.create(w, new Shape(n)), null);
            ParamSet set = ParamSet.of(p);
            sgd.init(set, state);
            for (int step = 0; step < 3; step++) {
                float[] g = random(rnd, n, 1e-2);
                sgd.apply(Updates.of(Map.of("w", m.create(g, new Shape(n)))), state, set);
                reference(w, g, buf, step == 0, 0.05f, wd, mu, damp, nesterov);
            }
            assertArrayEquals(w, p.value().toFloatArray(), 0f, "weights, bit for bit");
            if (mu != 0) {
                assertArrayEquals(
                        buf, state.tensor("w", "momentum_buffer").toFloatArray(), 0f, "buffer");
            }
        }
    }

    /**
     * A weight's own gradient, which the step clears after reading: the kernel writes the zeros as
     * it reads (NaN entries included) and reports it; the step is the one it takes otherwise.
     */
    @Test
    void zeroesAnOwnGradientAsItReadsItAndStepsTheSame() {
        int n = 5000;
        Random rnd = new Random(5);
        float[] w0 = random(rnd, n, 0.1);
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] g = {random(rnd, n, 1e-2), random(rnd, n, 1e-2)};
            g[1][4321] = Float.NaN;
            float[][] after = new float[2][];
            for (int own = 0; own < 2; own++) {
                Sgd sgd = Sgd.builder().lr(0.05).momentum(0.9).nesterov(true).build();
                try (TransformState state = new TransformState()) {
                    Param p = new Param("w", m.create(w0, new Shape(n)), null);
                    ParamSet set = ParamSet.of(p);
                    sgd.init(set, state);
                    for (float[] gs : g) {
                        NDArray grad = m.create(gs, new Shape(n));
                        Updates u =
                                own == 1
                                        ? Updates.ownGradients(Map.of("w", grad))
                                        : Updates.of(Map.of("w", grad));
                        sgd.apply(u, state, set);
                        float[] left = grad.toFloatArray();
                        if (own == 1) {
                            assertArrayEquals(new float[n], left, 0f, "zeroed as read");
                            assertEquals(0, u.unclearedGradients().size(), "and reported");
                        } else {
                            assertArrayEquals(gs, left, 0f, "the caller's gradient untouched");
                        }
                    }
                    after[own] = p.value().toFloatArray();
                }
            }
            assertArrayEquals(after[0], after[1], 0f, "the same step either way");
        }
    }

    /** A gradient DJL hands out as a copy (not contiguous) is read, not written, and left over. */
    @Test
    void anOwnGradientItCannotWriteIsLeftForTheCaller() {
        Random rnd = new Random(6);
        try (NDManager m = NDManager.newBaseManager();
                TransformState state = new TransformState()) {
            Sgd sgd = Sgd.builder().lr(0.1).build();
            Param p = new Param("w", m.create(random(rnd, 12, 1), new Shape(4, 3)), null);
            ParamSet set = ParamSet.of(p);
            sgd.init(set, state);
            float[] start = p.value().toFloatArray();
            NDArray grad = m.create(random(rnd, 12, 1), new Shape(3, 4)).transpose();
            float[] g = grad.toFloatArray();
            Updates u = Updates.ownGradients(Map.of("w", grad));
            sgd.apply(u, state, set);
            assertArrayEquals(g, grad.toFloatArray(), 0f, "not written");
            assertEquals(1, u.unclearedGradients().size(), "so still the caller's to clear");
            float[] got = p.value().toFloatArray();
            for (int i = 0; i < 12; i++) {
                assertEquals(Math.fma(g[i], -0.1f, start[i]), got[i], 0f, "entry " + i);
            }
        }
    }

    @Test
    void aWeightJavaCannotWriteTakesTheNdArrayPath() {
        Random rnd = new Random(2);
        Sgd sgd = Sgd.builder().lr(0.1).momentum(0.9).build();
        try (NDManager m = NDManager.newBaseManager();
                TransformState state = new TransformState()) {
            float[] w = random(rnd, 12, 1);
            NDArray view = m.create(w, new Shape(3, 4)).transpose(); // not contiguous
            float[] start = view.toFloatArray();
            Param p = new Param("w", view, null);
            ParamSet set = ParamSet.of(p);
            sgd.init(set, state);
            float[] g = random(rnd, 12, 1);
            sgd.apply(Updates.of(Map.of("w", m.create(g, new Shape(4, 3)))), state, set);
            float[] got = view.toFloatArray();
            for (int i = 0; i < 12; i++) {
                assertEquals(start[i] - 0.1f * g[i], got[i], 1e-6f, "entry " + i);
            }
            assertArrayEquals(g, state.tensor("w", "momentum_buffer").toFloatArray(), 0f);
            assertEquals(
                    InPlaceStep.NOT_TAKEN,
                    new DirectSgdKernel()
                            .step(
                                    "w",
                                    view,
                                    m.create(g, new Shape(4, 3)),
                                    null,
                                    new SgdStepConstants(0.1f, 0, 0, 1, false, false),
                                    true),
                    "the kernel declines it");
        }
    }
}
