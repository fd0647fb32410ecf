package dev.znorm.core.transform;

import java.util.List;

/**
 * Entry points for composing transforms. A chain that ends with an optimizer is an {@link
 * OptimizerChain}; one without is a {@link Chain} of gradient transforms.
 *
 * <pre>{@code
 * OptimizerChain opt = Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build());
 * config.optOptimizer(DjlOptimizer.of(opt));
 * }</pre>
 */
public final class Transforms {

    private Transforms() {}

    /** Gradient transforms only (no optimizer). */
    public static Chain chain(GradientTransform... transforms) {
        return new Chain(List.of(transforms));
    }

    /** An optimizer alone, as a chain. */
    public static OptimizerChain chain(UpdateRule optimizer) {
        return new OptimizerChain(List.of(), optimizer);
    }

    public static OptimizerChain chain(GradientTransform t1, UpdateRule optimizer) {
        return new OptimizerChain(List.of(t1), optimizer);
    }

    public static OptimizerChain chain(
            GradientTransform t1, GradientTransform t2, UpdateRule optimizer) {
        return new OptimizerChain(List.of(t1, t2), optimizer);
    }

    public static OptimizerChain chain(
            GradientTransform t1,
            GradientTransform t2,
            GradientTransform t3,
            UpdateRule optimizer) {
        return new OptimizerChain(List.of(t1, t2, t3), optimizer);
    }

    /** Any number of transforms, then the optimizer. */
    public static OptimizerChain chain(
            List<? extends GradientTransform> transforms, UpdateRule optimizer) {
        return new OptimizerChain(transforms, optimizer);
    }

    /** {@code inner} on the selected parameters only; the rest pass through unchanged. */
    public static Masked masked(GradientTransform inner, ParamSelector selector) {
        return new Masked(inner, selector);
    }
}
