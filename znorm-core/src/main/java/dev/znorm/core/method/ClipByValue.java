package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TensorTransform;

/**
 * Clips every entry to {@code [-c, c]}, as torch's {@code clip_grad_value_}; entries inside the
 * range are bitwise unchanged and NaN stays NaN.
 */
public final class ClipByValue extends TensorTransform {

    public static final MethodInfo SPEC =
            MethodInfo.transform(
                            "clip-value",
                            50,
                            "g_i <- min(max(g_i, -c), c) (torch clip_grad_value_)")
                    .appliesTo("all")
                    .javaApi("ClipByValue.builder().max(c)")
                    .main("max")
                    .required("max", "a threshold c > 0")
                    .selection("all")
                    .creates(o -> builder().max(o.number("max")).select(o.selection()).build());

    private final double clip;

    private ClipByValue(Builder b) {
        super(b.selector());
        this.clip = b.clip;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double max() {
        return clip;
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        return grad.clip(-clip, clip);
    }

    @Override
    public String name() {
        return "clip-value";
    }

    @Override
    public String stateKey() {
        return "clip-value";
    }

    public static final class Builder extends TensorTransform.Builder<Builder> {
        private double clip = Double.NaN;

        private Builder() {
            super(ParamSelector.all());
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The threshold c (> 0; required). */
        public Builder max(double c) {
            this.clip = Checks.positive("clip-value threshold", c);
            return this;
        }

        public ClipByValue build() {
            if (Double.isNaN(clip)) {
                throw new IllegalArgumentException(
                        "clip-value needs its threshold: builder().max(c)");
            }
            return new ClipByValue(this);
        }
    }
}
