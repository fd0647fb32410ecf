package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.TensorTransform;

/**
 * Clips every entry to {@code [-c, c]}, as torch's {@code clip_grad_value_}; entries inside
 * the range are bitwise unchanged and NaN stays NaN.
 */
public final class ClipByValue extends TensorTransform {

    private final double clip;

    public ClipByValue(double clip) {
        this.clip = Checks.positive("clip-value threshold", clip);
    }

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        return grad.clip(-clip, clip);
    }

    @Override
    public String name() {
        return "clip-value";
    }
}
