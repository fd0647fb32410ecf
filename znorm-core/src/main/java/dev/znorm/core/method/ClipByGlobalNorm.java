package dev.znorm.core.method;

import dev.znorm.core.Checks;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;

/**
 * torch's {@code clip_grad_norm_}: N = the L2 norm of all gradients together; every gradient is
 * multiplied by {@code min(1, c / (N + eps))}. The norm of the last step is kept in the state as
 * the metric {@code norm}. Needs all gradients at once (a global transform).
 */
public final class ClipByGlobalNorm implements GradientTransform {

    public static final String NORM = "norm";

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "clip-global-norm",
                            70,
                            "all G_k <- G_k min(1, c / (N + eps)), N = the norm of all gradients (torch clip_grad_norm_)")
                    .appliesTo("all (global: WholeStep)")
                    .javaApi("ClipByGlobalNorm.builder().max(c)")
                    .main("max")
                    .required("max", "a threshold c > 0")
                    .number("eps", ClipByNorm.DEFAULT_EPS, "added to the norm (torch's 1e-6)")
                    .flag(
                            "error-if-nonfinite",
                            false,
                            "fail on a non-finite norm instead of spreading NaN")
                    .creates(
                            o ->
                                    builder()
                                            .max(o.number("max"))
                                            .eps(o.number("eps"))
                                            .errorIfNonFinite(o.flag("error-if-nonfinite"))
                                            .build());

    private final double clip;
    private final double eps;
    private final boolean errorIfNonFinite;

    private ClipByGlobalNorm(Builder b) {
        this.clip = b.clip;
        this.eps = b.eps;
        this.errorIfNonFinite = b.errorIfNonFinite;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double max() {
        return clip;
    }

    public double eps() {
        return eps;
    }

    public boolean errorIfNonFinite() {
        return errorIfNonFinite;
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
            throw new ArithmeticException(
                    "the global gradient norm is "
                            + norm
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

    @Override
    public String stateKey() {
        return "clip-global-norm";
    }

    public static final class Builder {
        private double clip = Double.NaN;
        private double eps = ClipByNorm.DEFAULT_EPS;
        private boolean errorIfNonFinite;

        private Builder() {}

        /** The threshold c (> 0; required). */
        public Builder max(double c) {
            this.clip = Checks.positive("clip-global-norm threshold", c);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("clip-global-norm eps", eps);
            return this;
        }

        public Builder errorIfNonFinite(boolean on) {
            this.errorIfNonFinite = on;
            return this;
        }

        public ClipByGlobalNorm build() {
            if (Double.isNaN(clip)) {
                throw new IllegalArgumentException(
                        "clip-global-norm needs its threshold: builder().max(c)");
            }
            return new ClipByGlobalNorm(this);
        }
    }
}
