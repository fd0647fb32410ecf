package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.znorm.core.Checks;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Adaptive gradient clipping (Brock et al. 2021, NFNets; timm's {@code adaptive_clip_grad}). For
 * each unit (a row of dim 0 for ndim >= 2, the whole tensor otherwise) with {@code m = lambda *
 * max(||W_o||, eps)}: when {@code ||G_o|| > m} the row becomes {@code G_o * m / max(||G_o||,
 * 1e-6)}, else it is unchanged.
 *
 * <p>The final classifier layer is excluded by default (as in the NFNet paper and timm): the last
 * tensor with ndim >= 2 in model order and every tensor after it (its bias). Finding it needs the
 * whole parameter list, so with the default this is a global transform (run it with {@code
 * WholeStep}); {@link Builder#excludeHead(boolean) excludeHead(false)} makes it per-tensor.
 */
public final class AdaptiveGradientClipping implements GradientTransform {

    public static final double DEFAULT_LAMBDA = 0.01;
    public static final double DEFAULT_EPS = 1e-3;
    private static final double MIN_GRAD_NORM = 1e-6;

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "agc",
                            75,
                            "m_o = lambda max(||W_o||, eps); if ||G_o|| > m_o: G_o <- G_o m_o / max(||G_o||, 1e-6)"
                                    + " (Brock et al. 2021)")
                    .appliesTo("all but the classifier head (global: WholeStep)")
                    .javaApi("AdaptiveGradientClipping.builder()")
                    .main("lambda")
                    .number("lambda", DEFAULT_LAMBDA, "clipping factor (timm's 0.01)")
                    .number("eps", DEFAULT_EPS, "floor on weight norms")
                    .flag(
                            "exclude-head",
                            true,
                            "leave the final classifier layer unclipped (NFNets, timm)")
                    .creates(
                            o ->
                                    builder()
                                            .lambda(o.number("lambda"))
                                            .eps(o.number("eps"))
                                            .excludeHead(o.flag("exclude-head"))
                                            .build());

    private final double lambda;
    private final double eps;
    private final boolean excludeHead;

    private AdaptiveGradientClipping(Builder b) {
        this.lambda = b.lambda;
        this.eps = b.eps;
        this.excludeHead = b.excludeHead;
    }

    public static AdaptiveGradientClipping create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names of the classifier head: the last ndim >= 2 tensor and those after it. */
    public static Set<String> headNames(ParamSet params) {
        List<String> names = params.names();
        int last = -1;
        for (int i = 0; i < names.size(); i++) {
            if (params.get(names.get(i)).ndim() >= 2) {
                last = i;
            }
        }
        return last < 0 ? Set.of() : new HashSet<>(names.subList(last, names.size()));
    }

    /** AGC of one gradient given its weight. */
    public static NDArray clip(NDArray grad, NDArray weight, double lambda, double eps) {
        NDArray g64 = Float64Stats.byUnit(Float64Stats.toFloat64(grad));
        NDArray w64 = Float64Stats.byUnit(Float64Stats.toFloat64(weight));
        NDArray maxNorm = Norms.unitNorms(w64).maximum(eps).mul(lambda);
        NDArray gradNorm = Norms.unitNorms(g64);
        // One factor per unit (1 where the unit is within bounds, so it is unchanged bitwise).
        NDArray factor =
                NDArrays.where(
                        gradNorm.gt(maxNorm),
                        maxNorm.div(gradNorm.maximum(MIN_GRAD_NORM)),
                        gradNorm.onesLike());
        return g64.mul(factor).reshape(grad.getShape()).toType(grad.getDataType(), false);
    }

    @Override
    public void init(ParamSet params, TransformState state) {
        // stateless
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        Set<String> head = excludeHead ? headNames(params) : Set.of();
        return grads.map(
                (name, g) -> {
                    if (head.contains(name)) {
                        return g;
                    }
                    Param p = params.get(name);
                    return clip(g, p.value(), lambda, eps);
                });
    }

    @Override
    public boolean isGlobal() {
        return excludeHead;
    }

    public double lambda() {
        return lambda;
    }

    public double eps() {
        return eps;
    }

    public boolean excludesHead() {
        return excludeHead;
    }

    @Override
    public String name() {
        return "agc";
    }

    @Override
    public String stateKey() {
        return "agc";
    }

    public static final class Builder {
        private Builder() {}

        private double lambda = DEFAULT_LAMBDA;
        private double eps = DEFAULT_EPS;
        private boolean excludeHead = true;

        /** The clipping factor lambda (> 0; timm's default 0.01). */
        public Builder lambda(double lambda) {
            this.lambda = Checks.positive("agc lambda", lambda);
            return this;
        }

        /** The floor on weight norms (>= 0; default 1e-3). */
        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("agc eps", eps);
            return this;
        }

        /** Whether to leave the final classifier layer unclipped (default true). */
        public Builder excludeHead(boolean excludeHead) {
            this.excludeHead = excludeHead;
            return this;
        }

        public AdaptiveGradientClipping build() {
            return new AdaptiveGradientClipping(this);
        }
    }
}
