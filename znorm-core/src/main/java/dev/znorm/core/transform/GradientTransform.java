package dev.znorm.core.transform;

/**
 * A step over a model's gradients, with explicit state (after optax's {@code
 * GradientTransformation}).
 *
 * <p>{@link #init} creates the state for the given parameters and may be called again with more
 * parameters (the DJL adapter meets parameters one at a time); {@link #update} maps gradients to
 * new updates, reading and writing the state. A transform never changes the weights: an {@link
 * UpdateRule} (an optimizer) ends an {@link OptimizerChain} and applies the result.
 *
 * <pre>{@code
 * GradientTransform zn = ZNorm.create();                  // weights only, per tensor
 * OptimizerChain step = Transforms.chain(zn, Adam.builder().lr(1e-3).build());
 * }</pre>
 */
public interface GradientTransform {

    /** Creates this transform's state for {@code params} (no gradients yet). */
    void init(ParamSet params, TransformState state);

    /**
     * Returns the transformed gradients. Arrays it creates belong to the caller's NDScope; see
     * {@link TensorTransform} for when an input array may be overwritten.
     */
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

    /** A short name for logs and messages, e.g. {@code znorm}; free to change between versions. */
    String name();

    /**
     * The key under which this transform's state is saved (inside a chain: {@code <index>.<key>}).
     * Unlike {@link #name()} it never changes, so that saved optimizer states and checkpoints stay
     * readable by later versions.
     */
    String stateKey();
}
