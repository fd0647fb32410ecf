package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/**
 * ZNorm's first half, for ablation: {@code G - mean(G)} with one scalar mean per tensor. Not the
 * same as gradient centralization, which removes one mean per output unit.
 */
public final class CenterOnly extends TensorTransform {

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "center", 20, "G - mu(G): ZNorm's first half, one scalar mean (not GC)")
                    .appliesTo("ndim >= 2")
                    .javaApi("CenterOnly.builder()")
                    .selection("weights")
                    .creates(o -> builder().select(o.selection()).build());

    private CenterOnly(Builder b) {
        super(b.selector());
    }

    public static CenterOnly create() {
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
        if (StandardizeKernel.applies(grad)) {
            return StandardizeKernel.standardize(grad, 1, true, false, 0, false, owned);
        }
        return Float64Stats.centered(Float64Stats.toFloat64(grad), null)
                .toType(grad.getDataType(), false);
    }

    @Override
    public String name() {
        return "center";
    }

    @Override
    public String stateKey() {
        return "center";
    }

    public static final class Builder extends TensorTransform.Builder<Builder> {
        private Builder() {
            super(ParamSelector.weights());
        }

        @Override
        protected Builder self() {
            return this;
        }

        public CenterOnly build() {
            return new CenterOnly(this);
        }
    }
}
