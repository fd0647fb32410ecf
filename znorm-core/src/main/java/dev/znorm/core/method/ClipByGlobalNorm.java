package dev.znorm.core.method;

import dev.znorm.core.Checks;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;

/**
 * torch's {@code clip_grad_norm_}: N = the L2 norm of all gradients together; every gradient
 * is multiplied by {@code min(1, c / (N + eps))}. The norm of the last step is kept in the state
 * as the metric {@code norm}. Needs all gradients at once (a global transform).
 */
public final class ClipByGlobalNorm implements GradientTransform {

    public static final String NORM = "norm";
    private final double clip;
    private final double eps;
    private final boolean errorIfNonFinite;

    public ClipByGlobalNorm(double clip) {
        this(clip, ClipByNorm.DEFAULT_EPS, false);
    }

    public ClipByGlobalNorm(double clip, double eps, boolean errorIfNonFinite) {
        this.clip = Checks.positive("clip-global-norm threshold", clip);
        this.eps = Checks.nonNegative("clip-global-norm eps", eps);
        this.errorIfNonFinite = errorIfNonFinite;
    }

    /** The global L2 norm of {@code grads}. */
    public static double globalNorm(Updates grads) {
        double sum = 0;
        for (String name : grads.names()) {
            sum += Norms.squaredNorm(grads.get(name));
        }
        return Math.sqrt(sum);
    }

    @Override
    public void init(ParamSet params, TransformState state) {
        // stateless but for the diagnostic metric
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        double norm = globalNorm(grads);
        state.setMetric(NORM, norm);
        if (errorIfNonFinite && !Double.isFinite(norm)) {
            throw new ArithmeticException("the global gradient norm is " + norm
                    + ": refusing to clip non-finite gradients (error-if-non-finite is on)");
        }
        return grads.map((name, g) -> Norms.scaleToNorm(g, norm, clip, eps));
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String name() {
        return "clip-global-norm";
    }
}
