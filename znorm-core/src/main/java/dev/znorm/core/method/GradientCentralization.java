package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/**
 * Gradient centralization (Yong et al., ECCV 2020): every output unit's gradient row loses its
 * mean, {@code GC(G)_o = G_o - mean(G_o)}, the mean taken over all dimensions but dim 0, as the
 * official {@code centralized_gradient}. Applies to ndim >= 2 (or, conv-only, ndim > 3); 1-D
 * tensors pass through bitwise unchanged.
 */
public final class GradientCentralization extends TensorTransform {

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "gc",
                            40,
                            "GC(G)_o = G_o - mean(G_o), one mean per output unit (Yong et al. 2020)")
                    .appliesTo("ndim >= 2 (conv-only: ndim > 3)")
                    .javaApi("GradientCentralization.builder()")
                    .flag(
                            "conv-only",
                            false,
                            "only convolution kernels (the official gc_conv_only)")
                    .creates(o -> builder().convOnly(o.flag("conv-only")).build());

    private static final ParamSelector CONV =
            ParamSelector.ndimAtLeast(4).describedAs("convolution kernels (ndim > 3)");

    private GradientCentralization(Builder b) {
        super(b.convOnly ? CONV : ParamSelector.weights());
    }

    /** GC on every tensor with ndim >= 2 (the official default). */
    public static GradientCentralization create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        return transform(param, grad, false);
    }

    @Override
    protected NDArray transform(Param param, NDArray grad, boolean owned) {
        int ndim = grad.getShape().dimension();
        if (ndim < 2) {
            return grad;
        }
        if (StandardizeKernel.applies(grad)) {
            return StandardizeKernel.standardize(
                    grad, (int) grad.getShape().get(0), true, false, 0, false, owned);
        }
        NDArray rows = Float64Stats.byUnit(Float64Stats.toFloat64(grad));
        return Float64Stats.centered(rows, Float64Stats.UNIT_AXIS)
                .reshape(grad.getShape())
                .toType(grad.getDataType(), false);
    }

    @Override
    public String name() {
        return "gc";
    }

    @Override
    public String stateKey() {
        return "gc";
    }

    /**
     * GC's selection is fixed by the method (ndim >= 2, or conv kernels), so its builder has no
     * select().
     */
    public static final class Builder {
        private boolean convOnly;

        private Builder() {}

        /** Convolution kernels only (ndim > 3), the official {@code gc_conv_only} option. */
        public Builder convOnly(boolean convOnly) {
            this.convOnly = convOnly;
            return this;
        }

        public GradientCentralization build() {
            return new GradientCentralization(this);
        }
    }
}
