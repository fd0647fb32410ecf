package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/**
 * ZNorm's second half, for ablation: {@code G / (std(G) + eps)}, the standard deviation taken about
 * the mean; a constant tensor gives exact zeros. {@code ScaleOnly(CenterOnly(G)) = ZNorm(G)}.
 */
public final class ScaleOnly extends TensorTransform {

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "scale",
                            30,
                            "G / (sigma(G) + eps): ZNorm's second half; constant -> 0; scale(center(G)) = Z(G)")
                    .appliesTo("ndim >= 2")
                    .javaApi("ScaleOnly.builder()")
                    .number("eps", ZNorm.DEFAULT_EPS, "added to sigma")
                    .selection("weights")
                    .creates(o -> builder().eps(o.number("eps")).select(o.selection()).build());

    private final double eps;

    private ScaleOnly(Builder b) {
        super(b.selector());
        this.eps = b.eps;
    }

    public static ScaleOnly create() {
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
        return transform(param, grad, false);
    }

    @Override
    protected NDArray transform(Param param, NDArray grad, boolean owned) {
        long n = grad.size();
        if (n <= 1) {
            return grad.zerosLike();
        }
        if (StandardizeKernel.applies(grad)) {
            return StandardizeKernel.standardize(grad, 1, false, true, eps, false, owned);
        }
        NDArray x = Float64Stats.toFloat64(grad);
        NDArray sigma = Float64Stats.std(Float64Stats.centered(x, null), null, n, false);
        return Float64Stats.divideBySigma(x, sigma, eps, true).toType(grad.getDataType(), false);
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String stateKey() {
        return "scale";
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

        /** eps added to the standard deviation; >= 0 (default 1e-12). */
        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("scale-only eps", eps);
            return this;
        }

        public ScaleOnly build() {
            return new ScaleOnly(this);
        }
    }
}
