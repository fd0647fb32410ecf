package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Masked;
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

    /** GC on every tensor with ndim >= 2 (the official default). */
    public static GradientTransform create() {
        return new Masked(new GradientCentralization(), ParamSelector.weights());
    }

    /** GC on convolution kernels only (ndim > 3), the official {@code gc_conv_only} option. */
    public static GradientTransform convOnly() {
        return new Masked(new GradientCentralization(),
                ParamSelector.ndimAtLeast(4).describedAs("convolution kernels (ndim > 3)"));
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        int ndim = grad.getShape().dimension();
        if (ndim < 2) {
            return grad;
        }
        if (StandardizeKernel.applies(grad)) {
            return StandardizeKernel.standardize(grad, (int) grad.getShape().get(0), true, false, 0, false);
        }
        NDArray rows = Float64Stats.byUnit(Float64Stats.toFloat64(grad));
        return Float64Stats.centered(rows, Float64Stats.UNIT_AXIS).reshape(grad.getShape())
                .toType(grad.getDataType(), false);
    }

    @Override
    public String name() {
        return "gc";
    }
}
