package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Replaces NaN and +-Inf gradient entries by 0, leaving finite entries bitwise unchanged. */
public final class ZeroNonFinite extends TensorTransform {

    @Override
    protected NDArray transform(Param param, NDArray grad) {
        NDArray bad = grad.isNaN().logicalOr(grad.isInfinite());
        return NDArrays.where(bad, grad.zerosLike(), grad);
    }

    @Override
    public String name() {
        return "zero-non-finite";
    }
}
