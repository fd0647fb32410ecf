package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * A stateless transform written once for one tensor and lifted to all of a step's gradients (ZNorm,
 * GC, clipping by value, ...), applied to the parameters its {@link ParamSelector} chooses; the
 * others pass through bitwise unchanged. Subclasses implement {@link #transform} and extend {@link
 * Builder}, so every transform is built the same way:
 *
 * <pre>{@code
 * ZNorm z = ZNorm.builder().eps(1e-8).select(ParamSelector.all()).build();
 * }</pre>
 *
 * <p>Ownership: a transform must not change {@code grad} unless the chain owns it (see {@link
 * Updates}); it returns {@code grad} itself when nothing changes, an array it creates in the
 * caller's NDScope, or, when {@code owned}, {@code grad} with the result written into its memory.
 */
public abstract class TensorTransform implements GradientTransform {

    private final ParamSelector selector;

    protected TensorTransform(ParamSelector selector) {
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    /** The parameters this transform acts on. */
    public final ParamSelector selector() {
        return selector;
    }

    /** Returns the new gradient of {@code param}; may return {@code grad} itself when unchanged. */
    protected abstract NDArray transform(Param param, NDArray grad);

    /**
     * As {@link #transform(Param, NDArray)}, told whether the chain owns {@code grad}: then the
     * result may be written into {@code grad} itself. By default ownership is not used.
     */
    protected NDArray transform(Param param, NDArray grad, boolean owned) {
        return transform(param, grad);
    }

    @Override
    public final void init(ParamSet params, TransformState state) {
        // stateless
    }

    @Override
    public final Updates update(Updates grads, TransformState state, ParamSet params) {
        return grads.map(
                (name, g) -> {
                    Param p = params.get(name);
                    return selector.test(p) ? transform(p, g, grads.isOwned(name)) : g;
                });
    }

    @Override
    public void checkSelection(ParamSet all) {
        selector.requireAnyOf(all, name());
    }

    @Override
    public String toString() {
        return name() + " on " + selector;
    }

    /** The part every tensor transform's builder shares: which parameters it acts on. */
    public abstract static class Builder<B extends Builder<B>> {

        private ParamSelector selector;

        protected Builder(ParamSelector defaultSelector) {
            this.selector = defaultSelector;
        }

        /** Which parameters to transform (each transform documents its default). */
        public B select(ParamSelector selector) {
            this.selector = Objects.requireNonNull(selector, "selector");
            return self();
        }

        /** The selection so far. */
        public ParamSelector selector() {
            return selector;
        }

        protected abstract B self();
    }
}
