package dev.znorm.core.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Gradient housekeeping that DJL's own optimizers do natively. */
public final class Gradients {

    private static final NDIndex ALL = new NDIndex("...");

    private Gradients() {}

    /**
     * Sets a gradient to zero in place, NaN and Inf entries included ({@code g * 0} would keep
     * them), so the next backward pass does not accumulate onto it.
     */
    public static void zero(NDArray grad) {
        grad.set(ALL, 0);
    }
}
