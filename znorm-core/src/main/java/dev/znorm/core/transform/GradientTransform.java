package dev.znorm.core.transform;

/**
 * A step over a model's gradients, with explicit state (after optax's
 * {@code GradientTransformation}).
 *
 * <p>{@link #init} creates the state for the given parameters and may be called again with more
 * parameters (the DJL adapter meets parameters one at a time); {@link #update} maps gradients to
 * new updates, reading and writing the state. A transform never changes the weights: an
 * {@link UpdateRule} (an optimizer) is the last transform of a chain and applies the result.
 *
 * <pre>{@code
 * GradientTransform zn = ZNorm.create();                  // weights only, per tensor
 * Chain step = Transforms.chain(zn, Adam.builder().lr(1e-3).build());
 * }</pre>
 */
public interface GradientTransform {

    /** Creates this transform's state for {@code params} (no gradients yet). */
    void init(ParamSet params, TransformState state);

    /** Returns the transformed gradients; arrays it creates belong to the caller's NDScope. */
    Updates update(Updates grads, TransformState state, ParamSet params);

    /**
     * Whether the transform needs every gradient of the step at once (global norm clipping,
     * skip-if-non-finite). Such a chain cannot run inside DJL's per-parameter {@code Optimizer}
     * callback; run it with {@code dev.znorm.core.djl.WholeStep}.
     */
    default boolean isGlobal() {
        return false;
    }

    /**
     * Checks, against the model's full parameter list, that every selection in this transform
     * selects at least one parameter; throws {@link IllegalArgumentException} naming it if not.
     */
    default void checkSelection(ParamSet all) {}

    /** A short name used in state keys and logs, e.g. {@code znorm}. */
    String name();
}
