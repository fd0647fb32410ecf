package dev.znorm.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.List;

/**
 * The CIFAR ResNet of He et al. 2016, section 4.2: a 3x3 stem of 16 filters, three stages of n
 * basic blocks with 16, 32 and 64 filters (stride 2 at the start of stages 2 and 3), global average
 * pooling and a linear classifier; depth 6n + 2 (20, 32, 44, 56, 110, ...). With {@link
 * Shortcut#NONE} it is the plain twin with the same layers and no shortcuts.
 *
 * <pre>{@code
 * Block resnet20 = CifarResNet.builder().depth(20).build();
 * Block plain20 = CifarResNet.builder().depth(20).shortcut(Shortcut.NONE).build();
 * }</pre>
 */
public final class CifarResNet {

    private CifarResNet() {}

    public static Builder builder() {
        return new Builder();
    }

    /** The basic block: conv-BN-ReLU-conv-BN, plus the shortcut, then ReLU. */
    static Block basicBlock(int inChannels, int filters, int stride, Shortcut shortcut) {
        SequentialBlock residual =
                new SequentialBlock()
                        .add(Layers.conv(filters, 3, stride))
                        .add(Layers.batchNorm())
                        .add(Activation::relu)
                        .add(Layers.conv(filters, 3, 1))
                        .add(Layers.batchNorm());
        if (shortcut == Shortcut.NONE) {
            return residual.add(Activation::relu);
        }
        boolean changes = stride != 1 || inChannels != filters;
        Block identity;
        if (!changes) {
            identity = Blocks.identityBlock();
        } else if (shortcut == Shortcut.B) {
            identity =
                    new SequentialBlock()
                            .add(Layers.conv(filters, 1, stride))
                            .add(Layers.batchNorm());
        } else {
            identity = optionA(filters - inChannels, stride);
        }
        return new SequentialBlock()
                .add(
                        new ParallelBlock(
                                list -> sum(list, changes), Arrays.asList(residual, identity)))
                .add(Activation::relu);
    }

    /**
     * The residual branch plus the shortcut. Addition saves nothing for the backward pass, so both
     * addends go at once, as in PyTorch (kept, they stayed alive through the backward pass: one
     * activation-sized array per block); an identity shortcut's addend is the block's input, which
     * the enclosing block lets go of.
     */
    private static NDList sum(List<NDList> branches, boolean ownShortcut) {
        NDArray residual = branches.get(0).singletonOrThrow();
        NDArray shortcut = branches.get(1).singletonOrThrow();
        NDArray out = residual.add(shortcut);
        residual.close();
        if (ownShortcut) {
            shortcut.close();
        }
        return new NDList(out);
    }

    /** Option A: take every second pixel and pad the new channels with zeros, half on each side. */
    private static Block optionA(int extraChannels, int stride) {
        int before = extraChannels / 2;
        int after = extraChannels - before;
        return new LambdaBlock(
                list -> {
                    NDArray x = list.singletonOrThrow();
                    NDArray sub = stride == 1 ? x : x.get(":, :, ::" + stride + ", ::" + stride);
                    Shape s = sub.getShape();
                    NDArray lo =
                            sub.getManager()
                                    .zeros(
                                            new Shape(s.get(0), before, s.get(2), s.get(3)),
                                            sub.getDataType());
                    NDArray hi =
                            sub.getManager()
                                    .zeros(
                                            new Shape(s.get(0), after, s.get(2), s.get(3)),
                                            sub.getDataType());
                    NDArray padded = NDArrays.concat(new NDList(lo, sub, hi), 1);
                    lo.close();
                    hi.close();
                    if (sub != x) {
                        sub.close(); // a view: its memory is x's
                    }
                    return new NDList(padded);
                },
                "shortcutA");
    }

    public static final class Builder {
        private int depth = 20;
        private Shortcut shortcut = Shortcut.A;
        private int classes = 10;
        private int width = 16;

        /** 6n + 2: 20, 32, 44, 56, 110, ... */
        public Builder depth(int depth) {
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new IllegalArgumentException(
                        "CIFAR ResNet depth must be 6n + 2 with n >= 1"
                                + " (8, 14, 20, 32, 44, 56, 110, ...), got "
                                + depth);
            }
            this.depth = depth;
            return this;
        }

        public Builder shortcut(Shortcut shortcut) {
            this.shortcut = shortcut;
            return this;
        }

        public Builder classes(int classes) {
            if (classes < 2) {
                throw new IllegalArgumentException(
                        "a classifier needs at least 2 classes, got " + classes);
            }
            this.classes = classes;
            return this;
        }

        /** The first stage's width (16 in the paper; stages double it). */
        public Builder width(int width) {
            if (width < 1) {
                throw new IllegalArgumentException("width must be >= 1, got " + width);
            }
            this.width = width;
            return this;
        }

        /** The network; input channels and size follow from the data (any HxW, any channels). */
        public SequentialBlock build() {
            int n = (depth - 2) / 6;
            SequentialBlock net =
                    new SequentialBlock()
                            .add(Layers.conv(width, 3, 1))
                            .add(Layers.batchNorm())
                            .add(Activation::relu);
            int in = width;
            for (int stage = 0; stage < 3; stage++) {
                int filters = width << stage;
                for (int b = 0; b < n; b++) {
                    int stride = stage > 0 && b == 0 ? 2 : 1;
                    net.add(basicBlock(in, filters, stride, shortcut));
                    in = filters;
                }
            }
            return net.add(Pool.globalAvgPool2dBlock())
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(classes).build());
        }
    }
}
