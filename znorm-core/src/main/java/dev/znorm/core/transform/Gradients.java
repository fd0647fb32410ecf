package dev.znorm.core.transform;

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

    /**
     * Zeroes the gradient that the next backward pass adds to: the one attached to {@code weight}
     * on its own device (a no-op for an array that does not track gradients).
     */
    public static void zeroOwn(NDArray weight) {
        if (!weight.hasGradient()) {
            return;
        }
        try (NDArray own = weight.getGradient()) {
            zero(own);
        }
    }
}
