package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Masked;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/**
 * ZNorm's second half, for ablation: {@code G / (std(G) + eps)}, the standard deviation taken
 * about the mean; a constant tensor gives exact zeros. {@code ScaleOnly(CenterOnly(G)) = ZNorm(G)}.
 */
public final class ScaleOnly extends TensorTransform {

    private final double eps;

    private ScaleOnly(double eps) {
        this.eps = Checks.nonNegative("scale-only eps", eps);
    }

    public static GradientTransform create() {
        return create(ZNorm.DEFAULT_EPS, ParamSelector.weights());
    }

    public static GradientTransform create(double eps, ParamSelector selector) {
        return new Masked(new ScaleOnly(eps), selector);
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        long n = grad.size();
        if (n <= 1) {
            return grad.zerosLike();
        }
        if (StandardizeKernel.applies(grad)) {
            return StandardizeKernel.standardize(grad, 1, false, true, eps, false);
        }
        NDArray x = Float64Stats.toFloat64(grad);
        NDArray sigma = Float64Stats.std(Float64Stats.centered(x, null), null, n, false);
        return Float64Stats.divideBySigma(x, sigma, eps, true).toType(grad.getDataType(), false);
    }

    @Override
    public String name() {
        return "scale";
    }
}
