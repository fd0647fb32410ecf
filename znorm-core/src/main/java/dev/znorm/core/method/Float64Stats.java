package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The float64 arithmetic shared by the standardising methods. Statistics are accumulated in float64
 * (docs/method.md): for float32 input the mean of a constant tensor is then exact, so its
 * deviations are exactly zero, and squares of 1e30 or 1e-30 neither overflow nor underflow. Every
 * array returned belongs to the caller's NDScope.
 */
final class Float64Stats {

    private Float64Stats() {}

    /** The reduction axis of a {@link #byUnit} view. */
    static final int[] UNIT_AXIS = {1};

    /**
     * {@code x} as a (units, elements per unit) matrix, units being the rows of dim 0, so that
     * per-unit statistics reduce over axis 1 (the PyTorch engine reduces one axis at a time).
     */
    static NDArray byUnit(NDArray x) {
        return x.getShape().dimension() <= 1
                ? x.reshape(1, -1)
                : x.reshape(x.getShape().get(0), -1);
    }

    static NDArray toFloat64(NDArray g) {
        return g.toType(DataType.FLOAT64, false);
    }

    /** x minus its mean (over all elements, or over {@code axes} per unit when not null). */
    static NDArray centered(NDArray x, int[] axes) {
        NDArray mu = axes == null ? x.mean() : x.mean(axes, true);
        return x.sub(mu);
    }

    /** Standard deviation of already-centered {@code d} over {@code count} elements per unit. */
    static NDArray std(NDArray d, int[] axes, long count, boolean unbiased) {
        NDArray ss = axes == null ? d.square().sum() : d.square().sum(axes, true);
        return ss.div(unbiased ? count - 1 : count).sqrt();
    }

    /**
     * {@code numerator / (sigma + eps)}, where a unit with sigma exactly 0 gives exactly 0 (the
     * formula's limit for a constant tensor; it also keeps eps = 0 from producing 0/0).
     */
    static NDArray divideBySigma(
            NDArray numerator, NDArray sigma, double eps, boolean zeroNumeratorWhenConstant) {
        if (eps > 0 && !zeroNumeratorWhenConstant) {
            return numerator.div(sigma.add(eps));
        }
        // Units with sigma exactly 0 divide by 1 instead (sigma has the reduced shape, so this
        // stays a broadcast, which NDArrays.where does not support).
        NDArray isConstant = sigma.eq(0).toType(DataType.FLOAT64, false);
        NDArray q = numerator.div(sigma.add(eps).add(isConstant));
        return zeroNumeratorWhenConstant ? q.mul(isConstant.neg().add(1)) : q;
    }
}
