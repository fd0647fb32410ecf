package dev.znorm.core.transform;

/**
 * An optimizer: the last transform of an {@link OptimizerChain}. {@link #update} turns gradients
 * into the deltas to add to the weights; {@link #apply} does the whole step in place, which lets a
 * rule use a fused native kernel where one computes the same thing.
 */
public interface UpdateRule extends GradientTransform {

    /**
     * Applies one optimizer step to every parameter named in {@code grads}, in place. The default
     * adds {@link #update}'s result to each weight. Clearing the weights' gradients is the caller's
     * ({@code DjlOptimizer}, {@code WholeStep}): it knows which array the next backward pass adds
     * to. Through {@code WholeStep} an optimizer's kernel may zero a weight's own gradient as it
     * reads it ({@link Updates#clearsAfterReading}), so a rule that wraps another reads the
     * gradients before the inner rule applies, never after.
     */
    default void apply(Updates grads, TransformState state, ParamSet params) {
        Updates deltas = update(grads, state, params);
        for (String name : deltas.names()) {
            params.get(name).value().addi(deltas.get(name));
        }
    }
}
