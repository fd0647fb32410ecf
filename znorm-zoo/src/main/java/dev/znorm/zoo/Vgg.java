package dev.znorm.zoo;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * VGG-16 with BatchNorm for 32x32 inputs, as the common CIFAR version (kuangliu/pytorch-cifar):
 * thirteen 3x3 conv (with bias) - BN - ReLU layers in five stages of 64, 128, 256, 512, 512
 * filters, each stage ending in 2x2 max pooling, then one linear classifier on the 512 features.
 * 14,728,266 parameters at 10 classes.
 */
public final class Vgg {

    private static final int[] VGG16 = {
        64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0
    };

    private Vgg() {}

    public static SequentialBlock vgg16(int classes) {
        SequentialBlock net = new SequentialBlock();
        for (int f : VGG16) {
            if (f == 0) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            } else {
                net.add(
                                Conv2d.builder()
                                        .setFilters(f)
                                        .setKernelShape(new Shape(3, 3))
                                        .optPadding(new Shape(1, 1))
                                        .build())
                        .add(Layers.batchNorm())
                        .add(Activation::relu);
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
