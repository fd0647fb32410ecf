package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/** Replaces NaN and +-Inf gradient entries by 0, leaving finite entries bitwise unchanged. */
public final class ZeroNonFinite extends TensorTransform {

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "zero-non-finite",
                            90,
                            "NaN, +-Inf entries -> 0; finite entries bitwise unchanged")
                    .appliesTo("all")
                    .javaApi("ZeroNonFinite.create()")
                    .creates(o -> builder().select(o.selection()).build())
                    .selection("all");

    private ZeroNonFinite(Builder b) {
        super(b.selector());
    }

    public static ZeroNonFinite create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        NDArray bad = grad.isNaN().logicalOr(grad.isInfinite());
        return NDArrays.where(bad, grad.zerosLike(), grad);
    }

    @Override
    public String name() {
        return "zero-non-finite";
    }

    @Override
    public String stateKey() {
        return "zero-non-finite";
    }

    public static final class Builder extends TensorTransform.Builder<Builder> {
        private Builder() {
            super(ParamSelector.all());
        }

        @Override
        protected Builder self() {
            return this;
        }

        public ZeroNonFinite build() {
            return new ZeroNonFinite(this);
        }
    }
}
