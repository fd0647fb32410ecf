package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;
import java.util.List;

/**
 * ZNorm (Yun et al., arXiv 2408.01215): each selected gradient tensor G becomes its z-score {@code
 * (G - mean(G)) / (std(G) + eps)}.
 *
 * <p>Defaults follow docs/method.md: eps = 1e-12 added to the population standard deviation,
 * statistics over the whole tensor, applied to tensors with ndim >= 2 (biases and BatchNorm
 * parameters pass through). A constant tensor (including one element) gives exact zeros; NaN and
 * Inf propagate. Statistics are accumulated in float64.
 *
 * <pre>{@code
 * ZNorm z = ZNorm.create();                                  // the paper's method
 * ZNorm perUnit = ZNorm.builder().perOutputUnit().build();   // one z-score per row
 * ZNorm everything = ZNorm.builder().select(ParamSelector.all()).build();
 * }</pre>
 */
public final class ZNorm extends TensorTransform {

    public static final double DEFAULT_EPS = 1e-12;

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "znorm",
                            10,
                            "Z(G) = (G - mu(G)) / (sigma(G) + eps), population sigma; per=unit: the same per row G_o;"
                                    + " constant tensor -> 0")
                    .appliesTo("ndim >= 2")
                    .javaApi("ZNorm.builder()")
                    .number("eps", DEFAULT_EPS, "added to sigma")
                    .flag("unbiased", false, "sigma with n - 1, as torch's std()")
                    .choice(
                            "per",
                            "tensor",
                            List.of("tensor", "unit"),
                            "one z-score per tensor or per output unit (row)")
                    .selection("weights")
                    .creates(
                            o -> {
                                Builder b =
                                        builder()
                                                .eps(o.number("eps"))
                                                .unbiased(o.flag("unbiased"))
                                                .select(o.selection());
                                return o.text("per").equals("unit")
                                        ? b.perOutputUnit().build()
                                        : b.build();
                            });

    private final double eps;
    private final boolean unbiased;
    private final boolean perUnit;

    private ZNorm(Builder b, ParamSelector selector) {
        super(selector);
        this.eps = b.eps;
        this.unbiased = b.unbiased;
        this.perUnit = b.perUnit;
    }

    /** ZNorm with the paper's defaults on weight tensors (ndim >= 2). */
    public static ZNorm create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public double eps() {
        return eps;
    }

    public boolean unbiased() {
        return unbiased;
    }

    public boolean perOutputUnit() {
        return perUnit;
    }

    /**
     * Whether this JVM computes the float64 statistics with Java's Vector API: only when it runs
     * with {@code --add-modules jdk.incubator.vector} (an opt-in: the module incubates in Java 17)
     * on a CPU with 256-bit vectors. The results are the same bit for bit either way; the
     * statistics pass takes about half the time.
     */
    public static boolean usesVectorApi() {
        return Float64Moments.vectorised();
    }

    /** The z-score of one tensor (or of each of its rows), without selection. */
    public static NDArray zscore(NDArray g, double eps, boolean unbiased, boolean perUnit) {
        return zscore(g, eps, unbiased, perUnit, false);
    }

    /**
     * As {@link #zscore(NDArray, double, boolean, boolean)}; with {@code inPlace} the z-score may
     * be written into {@code g} itself (which is then returned), as a PyTorch user writes it into
     * {@code p.grad}.
     */
    public static NDArray zscore(
            NDArray g, double eps, boolean unbiased, boolean perUnit, boolean inPlace) {
        if (StandardizeKernel.applies(g)) {
            int units = perUnit ? (int) g.getShape().get(0) : 1;
            return StandardizeKernel.standardize(g, units, true, true, eps, unbiased, inPlace);
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
        return transform(param, grad, false);
    }

    @Override
    protected NDArray transform(Param param, NDArray grad, boolean owned) {
        return zscore(grad, eps, unbiased, perUnit, owned);
    }

    @Override
    public String name() {
        return perUnit ? "znorm-unit" : "znorm";
    }

    @Override
    public String stateKey() {
        return perUnit ? "znorm-unit" : "znorm";
    }

    public static final class Builder extends TensorTransform.Builder<Builder> {
        private double eps = DEFAULT_EPS;
        private boolean unbiased;
        private boolean perUnit;

        private Builder() {
            super(ParamSelector.weights());
        }

        @Override
        protected Builder self() {
            return this;
        }

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

        /**
         * One z-score per output unit (row of dim 0) instead of per tensor; only tensors with ndim
         * >= 2.
         */
        public Builder perOutputUnit() {
            this.perUnit = true;
            return this;
        }

        public ZNorm build() {
            ParamSelector s = selector();
            if (perUnit) {
                s = s.and(ParamSelector.ndimAtLeast(2)).describedAs(s + ", ndim >= 2");
            }
            return new ZNorm(this, s);
        }
    }
}
