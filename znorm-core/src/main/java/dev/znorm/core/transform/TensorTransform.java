package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;

/**
 * A stateless transform written once for one tensor and lifted to all of a step's gradients
 * (ZNorm, GC, clipping by value, ...). Subclasses implement {@link #transform}.
 */
public abstract class TensorTransform implements GradientTransform {

    /** Returns the new gradient of {@code param}; may return {@code grad} itself when unchanged. */
    protected abstract NDArray transform(Param param, NDArray grad);

    @Override
    public void init(ParamSet params, TransformState state) {
        // stateless
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        return grads.map((name, g) -> transform(params.get(name), g));
    }
}
