package dev.znorm.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * U-Net (Ronneberger et al. 2015) as Buda et al. 2019 use it for LGG segmentation: per level two
 * 3x3 conv-BN-ReLU (convolutions without bias), 2x2 max pooling down, 2x2 transposed convolution
 * up, skip connections by concatenation, a final 1x1 convolution to logits (apply a sigmoid for
 * probabilities). With 3 input channels, 1 output channel, base width 32 and 4 levels it has
 * 7,763,041 parameters. {@code residual(true)} gives the Res-U-Net: every double convolution gets a
 * shortcut (identity, or 1x1 conv + BN where the width changes).
 *
 * <p>Input height and width must be divisible by 2^depth.
 */
public final class UNet extends AbstractBlock {

    private final int depth;
    private final int outChannels;
    private final List<Block> encoders = new ArrayList<>();
    private final List<Block> ups = new ArrayList<>();
    private final List<Block> decoders = new ArrayList<>();
    private final Block bottleneck;
    private final Block head;
    private final Block pool = Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));

    private UNet(Builder b) {
        this.depth = b.depth;
        this.outChannels = b.out;
        int w = b.width;
        for (int level = 0; level < depth; level++) {
            encoders.add(
                    addChildBlock(
                            "enc" + (level + 1),
                            doubleConv(
                                    w << level, b.residual, level == 0 ? b.in : w << (level - 1))));
        }
        bottleneck =
                addChildBlock("bottleneck", doubleConv(w << depth, b.residual, w << (depth - 1)));
        for (int level = depth - 1; level >= 0; level--) {
            ups.add(addChildBlock("up" + (level + 1), new UpConv2x2(w << level)));
            decoders.add(
                    addChildBlock(
                            "dec" + (level + 1),
                            doubleConv(w << level, b.residual, w << (level + 1))));
        }
        head =
                addChildBlock(
                        "head",
                        Conv2d.builder().setFilters(b.out).setKernelShape(new Shape(1, 1)).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Block doubleConv(int filters, boolean residual, int inChannels) {
        SequentialBlock main =
                new SequentialBlock()
                        .add(Layers.conv(filters, 3, 1))
                        .add(Layers.batchNorm())
                        .add(Activation::relu)
                        .add(Layers.conv(filters, 3, 1))
                        .add(Layers.batchNorm());
        if (!residual) {
            return main.add(Activation::relu);
        }
        Block shortcut =
                inChannels == filters
                        ? ai.djl.nn.Blocks.identityBlock()
                        : new SequentialBlock()
                                .add(Layers.conv(filters, 1, 1))
                                .add(Layers.batchNorm());
        return new SequentialBlock()
                .add(
                        new ai.djl.nn.ParallelBlock(
                                l ->
                                        new NDList(
                                                l.get(0)
                                                        .singletonOrThrow()
                                                        .add(l.get(1).singletonOrThrow())),
                                List.of(main, shortcut)))
                .add(Activation::relu);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        int multiple = 1 << depth;
        if (s.get(2) % multiple != 0 || s.get(3) % multiple != 0) {
            throw new IllegalArgumentException(
                    "U-Net of depth "
                            + depth
                            + " needs height and width divisible by "
                            + multiple
                            + ", got "
                            + s.get(2)
                            + "x"
                            + s.get(3));
        }
        List<NDArray> skips = new ArrayList<>();
        NDList h = inputs;
        for (Block enc : encoders) {
            h = enc.forward(ps, h, training);
            skips.add(h.singletonOrThrow());
            h = pool.forward(ps, h, training);
        }
        h = bottleneck.forward(ps, h, training);
        for (int i = 0; i < depth; i++) {
            NDArray up = ups.get(i).forward(ps, h, training).singletonOrThrow();
            NDArray skip = skips.get(depth - 1 - i);
            h =
                    decoders.get(i)
                            .forward(
                                    ps,
                                    new NDList(NDArrays.concat(new NDList(up, skip), 1)),
                                    training);
        }
        return head.forward(ps, h, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), outChannels, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape cur = s;
        List<Shape> skipShapes = new ArrayList<>();
        for (Block enc : encoders) {
            enc.initialize(manager, dataType, cur);
            cur = enc.getOutputShapes(new Shape[] {cur})[0];
            skipShapes.add(cur);
            cur = pool.getOutputShapes(new Shape[] {cur})[0];
        }
        bottleneck.initialize(manager, dataType, cur);
        cur = bottleneck.getOutputShapes(new Shape[] {cur})[0];
        for (int i = 0; i < depth; i++) {
            ups.get(i).initialize(manager, dataType, cur);
            Shape up = ups.get(i).getOutputShapes(new Shape[] {cur})[0];
            Shape skip = skipShapes.get(depth - 1 - i);
            Shape cat = new Shape(up.get(0), up.get(1) + skip.get(1), up.get(2), up.get(3));
            decoders.get(i).initialize(manager, dataType, cat);
            cur = decoders.get(i).getOutputShapes(new Shape[] {cat})[0];
        }
        head.initialize(manager, dataType, cur);
    }

    public static final class Builder {
        private int in = 3;
        private int out = 1;
        private int width = 32;
        private int depth = 4;
        private boolean residual;

        public Builder inChannels(int in) {
            this.in = positive("input channels", in);
            return this;
        }

        public Builder outChannels(int out) {
            this.out = positive("output channels", out);
            return this;
        }

        /** Filters of the first level; each level doubles it (32 in Buda et al.). */
        public Builder width(int width) {
            this.width = positive("base width", width);
            return this;
        }

        /** Number of pooling levels (4 in Buda et al.). */
        public Builder depth(int depth) {
            if (depth < 1 || depth > 6) {
                throw new IllegalArgumentException("U-Net depth must be 1..6, got " + depth);
            }
            this.depth = depth;
            return this;
        }

        public Builder residual(boolean residual) {
            this.residual = residual;
            return this;
        }

        private static int positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, got " + v);
            }
            return v;
        }

        public UNet build() {
            return new UNet(this);
        }
    }
}
