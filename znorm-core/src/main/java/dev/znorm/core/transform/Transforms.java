package dev.znorm.core.transform;

import java.util.List;

/**
 * Entry points for composing transforms.
 *
 * <pre>{@code
 * Chain opt = Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build());
 * config.optOptimizer(opt.asDjl());
 * }</pre>
 */
public final class Transforms {

    private Transforms() {}

    public static Chain chain(GradientTransform... members) {
        return new Chain(List.of(members));
    }

    public static Chain chain(List<GradientTransform> members) {
        return new Chain(members);
    }

    /** {@code inner} on the selected parameters only; the rest pass through unchanged. */
    public static Masked masked(GradientTransform inner, ParamSelector selector) {
        return new Masked(inner, selector);
    }

    /** Skips (and counts) every step in which any gradient has a NaN or Inf. */
    public static SkipIfNonFinite skipIfNonFinite(GradientTransform inner) {
        return new SkipIfNonFinite(inner);
    }

    /** Sets NaN and Inf gradient entries to zero. */
    public static ZeroNonFinite zeroNonFinite() {
        return new ZeroNonFinite();
    }
}
