package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;

/**
 * torch.optim.SGD's step written in Java on the tensors' own memory: one pass reading the weight,
 * the gradient and the momentum buffer, writing the weight and the buffer, where NDArray operations
 * made up to six passes and three temporaries per tensor.
 *
 * <p>The arithmetic is torch's single-tensor SGD in float32, with its fused multiply-adds (every
 * {@code add} with an alpha is one in libtorch's vectorised kernels): {@code d = fma(w, wd, g)},
 * {@code buf = d} at the buffer's first step and {@code fma(d, 1-dampening, buf momentum)} after,
 * Nesterov {@code d = fma(buf, momentum, d)} (else {@code d = buf}), {@code w = fma(d, -lr, w)}.
 */
final class DirectSgdKernel {

    /** Entries per pass through the scratch arrays, which then stay in the L1 cache. */
    private static final int CHUNK = 2048;

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[3][CHUNK]);

    private final MemoryViews views = new MemoryViews();

    /**
     * Steps {@code w} (and {@code buf}, null without momentum) in Java if it can, zeroing {@code g}
     * as it reads it when {@code zeroGrad} asks and its memory is writable; NOT_TAKEN, having
     * changed nothing, when an array is not float32 CPU memory it can write.
     */
    InPlaceStep step(
            String name, NDArray w, NDArray g, NDArray buf, SgdStepConstants c, boolean zeroGrad) {
        FloatBuffer[] mem = buf == null ? views.of(name, w) : views.of(name, w, buf);
        GradientMemory gm = mem == null ? null : GradientMemory.of(g, w.size(), zeroGrad);
        if (gm == null) {
            return InPlaceStep.NOT_TAKEN;
        }
        run(mem[0], gm, buf == null ? null : mem[1], (int) w.size(), c);
        return InPlaceStep.stepped(gm.zeroAsRead());
    }

    /** The pass, a chunk at a time through scratch arrays the JIT vectorises over. */
    static void run(FloatBuffer wb, GradientMemory gb, FloatBuffer bb, int n, SgdStepConstants c) {
        float[][] s = SCRATCH.get();
        float[] w = s[0];
        float[] d = s[1];
        float[] b = s[2];
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            wb.get(off, w, 0, len);
            gb.take(off, d, len);
            if (c.weightDecay() != 0) {
                for (int i = 0; i < len; i++) {
                    d[i] = Math.fma(w[i], c.weightDecay(), d[i]);
                }
            }
            if (bb != null) {
                momentum(d, b, bb, off, len, c);
            }
            float step = -c.rate();
            for (int i = 0; i < len; i++) {
                w[i] = Math.fma(d[i], step, w[i]);
            }
            wb.put(off, w, 0, len);
        }
    }

    /** Updates the buffer's chunk and leaves in {@code d} the direction the weight moves along. */
    private static void momentum(
            float[] d, float[] b, FloatBuffer bb, int off, int len, SgdStepConstants c) {
        float mu = c.momentum();
        if (c.firstStep()) {
            System.arraycopy(d, 0, b, 0, len);
        } else {
            bb.get(off, b, 0, len);
            float keep = c.dampingComplement();
            for (int i = 0; i < len; i++) {
                b[i] = Math.fma(d[i], keep, b[i] * mu);
            }
        }
        bb.put(off, b, 0, len);
        if (c.nesterov()) {
            for (int i = 0; i < len; i++) {
                d[i] = Math.fma(b[i], mu, d[i]);
            }
        } else {
            System.arraycopy(b, 0, d, 0, len);
        }
    }
}
