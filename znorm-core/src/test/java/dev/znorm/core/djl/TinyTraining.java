package dev.znorm.core.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A small conv net (conv, BatchNorm, ReLU, linear) trained on a fixed, learnable synthetic task
 * (the class is which quadrant of the image is brightest), for end-to-end tests of the optimizer.
 */
final class TinyTraining implements AutoCloseable {

    static final Shape INPUT = new Shape(16, 1, 8, 8);
    final Model model;
    final Trainer trainer;

    TinyTraining(long seed, Optimizer optimizer, TrainingListener... listeners) {
        Engine.getInstance().setRandomSeed((int) seed);
        model = Model.newInstance("tiny");
        model.setBlock(
                new SequentialBlock()
                        .add(
                                Conv2d.builder()
                                        .setFilters(4)
                                        .setKernelShape(new Shape(3, 3))
                                        .optPadding(new Shape(1, 1))
                                        .build())
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu)
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(4).build()));
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
        if (listeners.length > 0) {
            config.addTrainingListeners(listeners);
        }
        trainer = model.newTrainer(config);
        trainer.initialize(INPUT);
    }

    /** The batch of step {@code step}: deterministic images and their quadrant labels. */
    static NDList batch(NDManager m, long step) {
        Random rnd = new Random(1234 + step);
        int n = (int) INPUT.get(0);
        float[] x = new float[(int) INPUT.size()];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int q = rnd.nextInt(4);
            y[i] = q;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    int quadrant = (r / 4) * 2 + (c / 4);
                    x[i * 64 + r * 8 + c] =
                            (float) (rnd.nextGaussian() * 0.5 + (quadrant == q ? 1 : 0));
                }
            }
        }
        return new NDList(
                m.create(x, INPUT), m.create(y, new Shape(n)).toType(DataType.INT64, false));
    }

    /** Forward and backward on the batch of {@code step}; returns the loss. */
    float backward(long step) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList b = batch(sub, step);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(b.get(0)));
                NDArray loss = trainer.getLoss().evaluate(new NDList(b.get(1)), pred);
                gc.backward(loss);
                return loss.getFloat();
            }
        }
    }

    /** One ordinary DJL training step (the optimizer runs inside trainer.step()). */
    float step(long step) {
        float loss = backward(step);
        trainer.step();
        return loss;
    }

    /** Every parameter, BatchNorm running statistics included, copied out by name. */
    Map<String, float[]> snapshot() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /**
     * The trainable parameters only (BatchNorm running statistics change in every forward pass).
     */
    Map<String, float[]> trainableSnapshot() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    /** The gradients of the trainable parameters, copied out by name. */
    Map<String, float[]> gradients() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    out.put(p.getKey(), g.toFloatArray());
                }
            }
        }
        return out;
    }

    /** Copies a snapshot back into the (initialised) parameters. */
    void restore(Map<String, float[]> snapshot) {
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            p.getValue().getArray().set(snapshot.get(p.getKey()));
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
