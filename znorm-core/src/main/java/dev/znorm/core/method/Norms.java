package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** L2 norms accumulated in float64, so that 1e30-sized gradients do not overflow. */
final class Norms {

    private Norms() {}

    /** The squared L2 norm of the whole tensor, as a Java double. */
    static double squaredNorm(NDArray g) {
        // toType returns g itself for a float64 gradient, which must not be closed here
        NDArray x = g.toType(DataType.FLOAT64, false);
        try (NDArray sq = x.square();
                NDArray s = sq.sum()) {
            return s.getDouble();
        } finally {
            if (x != g) {
                x.close();
            }
        }
    }

    /**
     * Per-unit L2 norms of a {@link Float64Stats#byUnit} view, shape (units, 1). A tensor with ndim
     * <= 1 is one unit.
     */
    static NDArray unitNorms(NDArray rows) {
        return rows.square().sum(Float64Stats.UNIT_AXIS, true).sqrt();
    }

    /**
     * {@code g * min(1, c / (norm + eps))} in the gradient's dtype, as torch's {@code
     * clip_grad_norm_}: the factor is always applied, so a NaN or infinite norm spreads into the
     * gradient exactly as in torch, and a factor of exactly 1 leaves it bitwise unchanged.
     */
    static NDArray scaleToNorm(NDArray g, double norm, double clip, double eps) {
        float coef = (float) Math.min(1.0, clip / (norm + eps));
        if (Double.isNaN(norm)) {
            coef = Float.NaN;
        }
        return g.mul(coef);
    }
}
