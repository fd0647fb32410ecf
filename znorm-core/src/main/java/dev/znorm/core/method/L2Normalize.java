package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Masked;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/** Per-tensor L2 normalisation {@code G / (||G|| + eps)}; a zero tensor stays zero. */
public final class L2Normalize extends TensorTransform {

    private final double eps;

    private L2Normalize(double eps) {
        this.eps = Checks.nonNegative("l2-normalize eps", eps);
    }

    public static GradientTransform create() {
        return create(ZNorm.DEFAULT_EPS, ParamSelector.weights());
    }

    public static GradientTransform create(double eps, ParamSelector selector) {
        return new Masked(new L2Normalize(eps), selector);
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
}
