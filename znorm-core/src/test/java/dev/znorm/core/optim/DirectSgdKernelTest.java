package dev.znorm.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
            assertFalse(
                    new DirectSgdKernel()
                            .step(
                                    "w",
                                    view,
                                    m.create(g, new Shape(4, 3)),
                                    null,
                                    new SgdStepConstants(0.1f, 0, 0, 1, false, false)),
                    "the kernel declines it");
        }
    }
}
