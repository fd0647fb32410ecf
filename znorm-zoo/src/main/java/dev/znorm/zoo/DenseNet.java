package dev.znorm.zoo;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * DenseNet-BC for CIFAR (Huang et al. 2017): a 3x3 stem of 2k filters, three dense blocks of (depth
 * - 4) / 6 bottleneck layers (BN-ReLU-1x1 conv to 4k, BN-ReLU-3x3 conv to k, output concatenated to
 * the input), transitions with compression 0.5 (BN-ReLU-1x1 conv, 2x2 average pooling), then
 * BN-ReLU, global average pooling and a linear classifier. Depth 100 with growth k = 12 has about
 * 0.8M parameters.
 */
public final class DenseNet {

    private DenseNet() {}

    public static SequentialBlock bc(int depth, int growth, int classes) {
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException(
                    "DenseNet-BC depth must be 6n + 4 (e.g. 40, 100, 190), got " + depth);
        }
        int layers = (depth - 4) / 6;
        int channels = 2 * growth;
        SequentialBlock net = new SequentialBlock().add(Layers.conv(channels, 3, 1));
        for (int block = 0; block < 3; block++) {
            for (int l = 0; l < layers; l++) {
                net.add(denseLayer(growth));
                channels += growth;
            }
            if (block < 2) {
                channels /= 2;
                net.add(
                        new SequentialBlock()
                                .add(Layers.batchNorm())
                                .add(Activation::relu)
                                .add(Layers.conv(channels, 1, 1))
                                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2))));
            }
        }
        return net.add(Layers.batchNorm())
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static Block denseLayer(int growth) {
        SequentialBlock branch =
                new SequentialBlock()
                        .add(Layers.batchNorm())
                        .add(Activation::relu)
                        .add(Layers.conv(4 * growth, 1, 1))
                        .add(Layers.batchNorm())
                        .add(Activation::relu)
                        .add(Layers.conv(growth, 3, 1));
        return new ParallelBlock(
                l ->
                        new NDList(
                                NDArrays.concat(
                                        new NDList(
                                                l.get(0).singletonOrThrow(),
                                                l.get(1).singletonOrThrow()),
                                        1)),
                List.of(Blocks.identityBlock(), branch));
    }
}
