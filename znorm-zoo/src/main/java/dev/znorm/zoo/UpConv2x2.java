package dev.znorm.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2x2 transposed convolution with stride 2 (the U-Net's up-sampling), written as a bias-free 1x1
 * convolution to 4 x filters channels followed by a depth-to-space shuffle and one bias per filter:
 * {@code out[o, 2i+a, 2j+b] = sum_c W[4o+2a+b, c] x[c, i, j] + bias[o]}, which is exactly torch's
 * {@code ConvTranspose2d(kernel_size=2, stride=2)} with the same parameter count. DJL's PyTorch
 * engine does not implement deconvolution.
 */
final class UpConv2x2 extends AbstractBlock {

    private final int filters;
    private final Block conv;
    private final Parameter bias;

    UpConv2x2(int filters) {
        this.filters = filters;
        this.conv =
                addChildBlock(
                        "conv",
                        Conv2d.builder()
                                .setFilters(4 * filters)
                                .setKernelShape(new Shape(1, 1))
                                .optBias(false)
                                .build());
        this.bias =
                addParameter(
                        Parameter.builder()
                                .setName("bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(filters))
                                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDArray y =
                conv.forward(ps, inputs, training)
                        .singletonOrThrow()
                        .reshape(n, filters, 2, 2, h, w)
                        .transpose(0, 1, 4, 2, 5, 3)
                        .reshape(n, filters, 2 * h, 2 * w);
        NDArray b = ps.getValue(bias, x.getDevice(), training).reshape(1, filters, 1, 1);
        return new NDList(y.add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), filters, 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
    }
}
