package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/** Per-tensor L2 normalisation {@code G / (||G|| + eps)}; a zero tensor stays zero. */
public final class L2Normalize extends TensorTransform {

    public static final MethodInfo SPEC =
            MethodInfo.transform("l2", 80, "G / (||G|| + eps); zero -> 0")
                    .appliesTo("ndim >= 2")
                    .javaApi("L2Normalize.builder()")
                    .number("eps", ZNorm.DEFAULT_EPS, "added to the norm")
                    .selection("weights")
                    .creates(o -> builder().eps(o.number("eps")).select(o.selection()).build());

    private final double eps;

    private L2Normalize(Builder b) {
        super(b.selector());
        this.eps = b.eps;
    }

    public static L2Normalize create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public double eps() {
        return eps;
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        NDArray x = Float64Stats.toFloat64(grad);
        NDArray norm = x.square().sum().sqrt();
        return Float64Stats.divideBySigma(x, norm, eps, true).toType(grad.getDataType(), false);
    }

    @Override
    public String name() {
        return "l2-normalize";
    }

    @Override
    public String stateKey() {
        return "l2-normalize";
    }

    public static final class Builder extends TensorTransform.Builder<Builder> {
        private double eps = ZNorm.DEFAULT_EPS;

        private Builder() {
            super(ParamSelector.weights());
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("l2-normalize eps", eps);
            return this;
        }

        public L2Normalize build() {
            return new L2Normalize(this);
        }
    }
}
