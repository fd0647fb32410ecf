package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/**
 * Clips each tensor alone to L2 norm {@code c}: {@code G * min(1, c / (||G|| + eps))}, as torch's
 * {@code clip_grad_norm_} called on one tensor at a time. eps defaults to torch's 1e-6; 0 is
 * allowed and makes the norm after clipping exactly c.
 */
public final class ClipByNorm extends TensorTransform {

    public static final double DEFAULT_EPS = 1e-6;

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "clip-norm", 60, "G <- G min(1, c / (||G|| + eps)), each tensor alone")
                    .appliesTo("all")
                    .javaApi("ClipByNorm.builder().max(c)")
                    .main("max")
                    .required("max", "a threshold c > 0")
                    .number("eps", DEFAULT_EPS, "added to the norm (torch's 1e-6)")
                    .flag(
                            "error-if-nonfinite",
                            false,
                            "fail on a non-finite norm instead of spreading NaN")
                    .selection("all")
                    .creates(
                            o ->
                                    builder()
                                            .max(o.number("max"))
                                            .eps(o.number("eps"))
                                            .errorIfNonFinite(o.flag("error-if-nonfinite"))
                                            .select(o.selection())
                                            .build());

    private final double clip;
    private final double eps;
    private final boolean errorIfNonFinite;

    private ClipByNorm(Builder b) {
        super(b.selector());
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

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        double norm = Math.sqrt(Norms.squaredNorm(grad));
        if (errorIfNonFinite && !Double.isFinite(norm)) {
            throw new ArithmeticException(
                    "the gradient norm of "
                            + param.name()
                            + " is "
                            + norm
                            + ": refusing to clip a non-finite gradient (error-if-non-finite is on)");
        }
        return Norms.scaleToNorm(grad, norm, clip, eps);
    }

    @Override
    public String name() {
        return "clip-norm";
    }

    @Override
    public String stateKey() {
        return "clip-norm";
    }

    public static final class Builder extends TensorTransform.Builder<Builder> {
        private double clip = Double.NaN;
        private double eps = DEFAULT_EPS;
        private boolean errorIfNonFinite;

        private Builder() {
            super(ParamSelector.all());
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The threshold c (> 0; required). */
        public Builder max(double c) {
            this.clip = Checks.positive("clip-norm threshold", c);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("clip-norm eps", eps);
            return this;
        }

        public Builder errorIfNonFinite(boolean on) {
            this.errorIfNonFinite = on;
            return this;
        }

        public ClipByNorm build() {
            if (Double.isNaN(clip)) {
                throw new IllegalArgumentException(
                        "clip-norm needs its threshold: builder().max(c)");
            }
            return new ClipByNorm(this);
        }
    }
}
