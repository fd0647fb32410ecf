package dev.znorm.zoo;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;

/** The convolution and BatchNorm settings every network here shares (PyTorch's defaults). */
final class Layers {

    private Layers() {}

    /** A k x k convolution without bias (a BatchNorm follows), "same" padding. */
    static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    /**
     * BatchNorm over channels with torch's eps 1e-5 and momentum 0.1 (DJL writes 0.9); the zoo's
     * {@link BatchNorm}, which spares DJL's no-op transposes.
     */
    static Block batchNorm() {
        return new BatchNorm(1e-5f, 0.9f);
    }
}
