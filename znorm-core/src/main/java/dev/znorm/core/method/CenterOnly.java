package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Masked;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/**
 * ZNorm's first half, for ablation: {@code G - mean(G)} with one scalar mean per tensor. Not the
 * same as gradient centralization, which removes one mean per output unit.
 */
public final class CenterOnly extends TensorTransform {

    public static GradientTransform create() {
        return create(ParamSelector.weights());
    }

    public static GradientTransform create(ParamSelector selector) {
        return new Masked(new CenterOnly(), selector);
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        if (StandardizeKernel.applies(grad)) {
            return StandardizeKernel.standardize(grad, 1, true, false, 0, false);
        }
        return Float64Stats.centered(Float64Stats.toFloat64(grad), null)
                .toType(grad.getDataType(), false);
    }

    @Override
    public String name() {
        return "center";
    }
}
