package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Masked;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/**
 * ZNorm (Yun et al., arXiv 2408.01215): each selected gradient tensor G becomes its z-score
 * {@code (G - mean(G)) / (std(G) + eps)}.
 *
 * <p>Defaults follow METHOD.md: eps = 1e-12 added to the population standard deviation,
 * statistics over the whole tensor, applied to tensors with ndim >= 2 (biases and BatchNorm
 * parameters pass through). A constant tensor (including one element) gives exact zeros; NaN and
 * Inf propagate. Statistics are accumulated in float64.
 *
 * <pre>{@code
 * GradientTransform z = ZNorm.create();                                  // the paper's method
 * GradientTransform perUnit = ZNorm.builder().perOutputUnit().build();   // one z-score per row
 * GradientTransform everything = ZNorm.builder().select(ParamSelector.all()).build();
 * }</pre>
 */
public final class ZNorm extends TensorTransform {

    public static final double DEFAULT_EPS = 1e-12;

    private final double eps;
    private final boolean unbiased;
    private final boolean perUnit;

    private ZNorm(Builder b) {
        this.eps = b.eps;
        this.unbiased = b.unbiased;
        this.perUnit = b.perUnit;
    }

    /** ZNorm with the paper's defaults on weight tensors (ndim >= 2). */
    public static GradientTransform create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The z-score of one tensor (or of each of its rows), without selection. */
    public static NDArray zscore(NDArray g, double eps, boolean unbiased, boolean perUnit) {
        if (StandardizeKernel.applies(g)) {
            int units = perUnit ? (int) g.getShape().get(0) : 1;
            return StandardizeKernel.standardize(g, units, true, true, eps, unbiased);
        }
        NDArray x = Float64Stats.toFloat64(g);
        if (perUnit) {
            x = Float64Stats.byUnit(x);
        }
        int[] axes = perUnit ? Float64Stats.UNIT_AXIS : null;
        long n = perUnit ? x.getShape().get(1) : x.size();
        if (n <= 1) {
            return g.zerosLike(); // a one-element unit is constant: its z-score is 0
        }
        NDArray d = Float64Stats.centered(x, axes);
        NDArray sigma = Float64Stats.std(d, axes, n, unbiased);
        // d is exactly 0 wherever sigma is exactly 0, so only eps = 0 needs the guard.
        NDArray z = Float64Stats.divideBySigma(d, sigma, eps, false);
        return z.reshape(g.getShape()).toType(g.getDataType(), false);
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        if (perUnit && param.ndim() < 2) {
            throw new IllegalArgumentException("per-output-unit ZNorm needs ndim >= 2, but "
                    + param.name() + " has shape " + param.shape());
        }
        return zscore(grad, eps, unbiased, perUnit);
    }

    @Override
    public String name() {
        return perUnit ? "znorm-unit" : "znorm";
    }

    public static final class Builder {
        private double eps = DEFAULT_EPS;
        private boolean unbiased;
        private boolean perUnit;
        private ParamSelector selector = ParamSelector.weights();

        /** eps added to the standard deviation; >= 0 (default 1e-12). */
        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("znorm eps", eps);
            return this;
        }

        /** Use the n-1 (unbiased) standard deviation, as torch's {@code Tensor.std()} does. */
        public Builder unbiased(boolean unbiased) {
            this.unbiased = unbiased;
            return this;
        }

        /** One z-score per output unit (row of dim 0) instead of per tensor. */
        public Builder perOutputUnit() {
            this.perUnit = true;
            return this;
        }

        /** Which parameters to normalise (default: ndim >= 2). */
        public Builder select(ParamSelector selector) {
            this.selector = selector;
            return this;
        }

        public GradientTransform build() {
            ParamSelector s = selector;
            if (perUnit) {
                s = s.and(ParamSelector.ndimAtLeast(2)).describedAs(selector + ", ndim >= 2");
            }
            return new Masked(new ZNorm(this), s);
        }
    }
}
