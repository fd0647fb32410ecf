package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;

/**
 * Adam's step written in Java on the tensors' own memory: one pass that reads the weight, the
 * gradient and both moments and writes the weight and the moments back. DJL's native kernel makes
 * about eleven passes over the tensor and four temporaries (a clone of the gradient, the L2 term
 * even at zero decay, and one array per operation of the weight update); torch.optim's makes eight.
 * On a ResNet-56 step the passes, not the arithmetic, are the cost.
 *
 * <p>The arithmetic is the native kernel's, operation for operation in float32, with fused
 * multiply-adds where libtorch's vectorised kernels have them (ATen's {@code add} with an alpha is
 * an {@code fmadd}, and the compiler contracts {@code addcmul}'s product and sum): {@code g' =
 * fma(w, wd, g)}, {@code m = fma(g', 1-b1, m b1)}, {@code v = fma((1-b2) g', g', v b2)}, {@code w
 * -= (m rateBc) / (sqrt(v) + eps)}; AdamW first {@code w -= (w rate) wd}. The moments come out
 * bit-identical to the native kernel's, so a state saved by one resumes in the other. The weights
 * differ by an ulp here and there: libtorch's vectorised sqrt is not correctly rounded (one entry
 * in six is an ulp off IEEE's), Java's is.
 *
 * <p>The views of a weight's and its moments' memory are kept per parameter name and used while
 * those arrays are the same objects and open, so a step asks DJL for the gradient's memory alone,
 * not for four arrays' (each a handful of native calls).
 */
final class DirectAdamKernel {

    /** Entries per pass through the scratch arrays: four of them fit in the L1 cache. */
    private static final int CHUNK = 2048;

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[4][CHUNK]);

    private final MemoryViews views = new MemoryViews();

    /**
     * Steps {@code w} in Java if it can, zeroing {@code g} as it reads it when {@code zeroGrad}
     * asks and its memory is writable; NOT_TAKEN (having changed nothing) when an array is not
     * float32 CPU memory it can write, and the caller takes another path.
     */
    InPlaceStep step(
            String name,
            NDArray w,
            NDArray g,
            NDArray m,
            NDArray v,
            AdamStepConstants c,
            boolean zeroGrad) {
        FloatBuffer[] mem = views.of(name, w, m, v);
        GradientMemory gm = mem == null ? null : GradientMemory.of(g, w.size(), zeroGrad);
        if (gm == null) {
            return InPlaceStep.NOT_TAKEN;
        }
        run(mem[0], gm, mem[1], mem[2], (int) w.size(), c);
        return InPlaceStep.stepped(gm.zeroAsRead());
    }

    /** The pass itself, a chunk at a time through scratch arrays the JIT vectorises over. */
    static void run(
            FloatBuffer wb,
            GradientMemory gb,
            FloatBuffer mb,
            FloatBuffer vb,
            int n,
            AdamStepConstants c) {
        float[][] s = SCRATCH.get();
        float[] w = s[0];
        float[] g = s[1];
        float[] m = s[2];
        float[] v = s[3];
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            wb.get(off, w, 0, len);
            gb.take(off, g, len);
            mb.get(off, m, 0, len);
            vb.get(off, v, 0, len);
            if (c.decoupled()) {
                if (c.weightDecay() != 0) {
                    for (int i = 0; i < len; i++) {
                        w[i] = w[i] - (w[i] * c.rate()) * c.weightDecay();
                    }
                }
            } else if (c.weightDecay() != 0) {
                for (int i = 0; i < len; i++) {
                    g[i] = Math.fma(w[i], c.weightDecay(), g[i]);
                }
            }
            moments(g, m, v, len, c);
            for (int i = 0; i < len; i++) {
                w[i] = w[i] - (m[i] * c.rateBc()) / ((float) Math.sqrt(v[i]) + c.eps());
            }
            wb.put(off, w, 0, len);
            mb.put(off, m, 0, len);
            vb.put(off, v, 0, len);
        }
    }

    private static void moments(float[] g, float[] m, float[] v, int len, AdamStepConstants c) {
        float b1 = c.beta1();
        float c1 = 1f - b1;
        float b2 = c.beta2();
        float c2 = 1f - b2;
        for (int i = 0; i < len; i++) {
            m[i] = Math.fma(g[i], c1, m[i] * b1);
            v[i] = Math.fma(c2 * g[i], g[i], v[i] * b2);
        }
    }
}
