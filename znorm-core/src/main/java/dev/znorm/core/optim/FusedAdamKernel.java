package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * DJL's native Adam kernel on the PyTorch engine, the one DJL's own Adam calls: in one native call
 * it adds {@code wd * w} to the gradient (or, for AdamW, scales {@code w} by {@code 1 - lr wd}),
 * updates both moments, moves {@code w} and zeroes {@code w}'s own gradient.
 */
final class FusedAdamKernel {

    private FusedAdamKernel() {}

    /**
     * Whether the kernel can step {@code w} with {@code grad}: float32 arrays of libtorch's own.
     */
    static boolean applies(NDArray w, NDArray grad) {
        return "PyTorch".equals(w.getManager().getEngine().getEngineName())
                && w.getDataType() == DataType.FLOAT32
                && grad.getDataType() == DataType.FLOAT32
                && isEngineArray(w);
    }

    /**
     * Whether {@code w} is the engine's own array: the kernel writes into {@code manager.from(w)},
     * which for any other NDArray (a wrapper, a proxy) is a copy, and the update would be lost
     * without a word.
     */
    private static boolean isEngineArray(NDArray w) {
        NDArray own = w.getManager().from(w);
        if (own == w) {
            return true;
        }
        own.close(); // a copy made just to find out
        return false;
    }

    /**
     * One step: {@code w -= rateBc * m / (sqrt(v) + eps)} after the moment updates, with the
     * learning rate, bias corrections and eps already in the kernel's form.
     */
    static void step(NDArray w, NDArray grad, NDArray m, NDArray v, AdamStepConstants c) {
        w.getNDArrayInternal()
                .adamUpdate(
                        new NDList(w, grad, m, v),
                        new NDList(w),
                        c.rate(),
                        c.rateBc(),
                        c.weightDecay(),
                        1f,
                        -1f,
                        c.beta1(),
                        c.beta2(),
                        c.eps(),
                        false,
                        c.decoupled());
    }
}
