package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.TensorTransform;

/**
 * Clips each tensor alone to L2 norm {@code c}: {@code G * min(1, c / (||G|| + eps))}, as
 * torch's {@code clip_grad_norm_} called on one tensor at a time. eps defaults to torch's 1e-6;
 * 0 is allowed and makes the norm after clipping exactly c.
 */
public final class ClipByNorm extends TensorTransform {

    public static final double DEFAULT_EPS = 1e-6;
    private final double clip;
    private final double eps;
    private final boolean errorIfNonFinite;

    public ClipByNorm(double clip) {
        this(clip, DEFAULT_EPS, false);
    }

    public ClipByNorm(double clip, double eps, boolean errorIfNonFinite) {
        this.clip = Checks.positive("clip-norm threshold", clip);
        this.eps = Checks.nonNegative("clip-norm eps", eps);
        this.errorIfNonFinite = errorIfNonFinite;
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        double norm = Math.sqrt(Norms.squaredNorm(grad));
        if (errorIfNonFinite && !Double.isFinite(norm)) {
            throw new ArithmeticException("the gradient norm of " + param.name() + " is " + norm
                    + ": refusing to clip a non-finite gradient (error-if-non-finite is on)");
        }
        return Norms.scaleToNorm(grad, norm, clip, eps);
    }

    @Override
    public String name() {
        return "clip-norm";
    }
}
