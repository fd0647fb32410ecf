package dev.znorm.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.optim.Sgd;
import dev.znorm.core.transform.Transforms;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.zoo.Networks;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of ZNorm and of our torch-exact Adam and SGD inside a real training step, side by side
 * in one run: CIFAR ResNet-56, batch 128 of random 3x32x32 images, on this machine's CPU. Variants
 * run round-robin (one step each in turn), so drift in the machine's speed hits all of them alike.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
 *      -cp ... dev.znorm.bench.TrainingStepBenchmark [model] [batch] [steps]
 * </pre>
 */
public final class TrainingStepBenchmark {

    private TrainingStepBenchmark() {}

    /** One optimizer set-up; {@code whole} (when not null) steps instead of trainer.step(). */
    record Variant(
            String name,
            Model model,
            Trainer trainer,
            double[] step,
            double[] optimizer,
            WholeStep whole) {

        void optimizerStep() {
            if (whole == null) {
                trainer.step();
            } else {
                whole.step(trainer);
            }
        }
    }

    /** {@link WholeStep} in place of trainer.step(): every parameter at once, own gradients. */
    private static Variant wholeStep(
            String name, String modelName, UpdateRule rule, Shape input, int steps) {
        Variant v =
                variant(
                        name,
                        modelName,
                        Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build(),
                        input,
                        steps);
        return new Variant(
                v.name(), v.model(), v.trainer(), v.step(), v.optimizer(), new WholeStep(rule));
    }

    static Variant variant(
            String name, String modelName, Optimizer optimizer, Shape input, int steps) {
        return variant(name, modelName, optimizer, input, steps, false);
    }

    /**
     * With {@code listener} the optimizer is registered as a training listener, as the README
     * shows: it then knows the trainer has one device and lets ZNorm write into the gradient.
     */
    static Variant variant(
            String name,
            String modelName,
            Optimizer optimizer,
            Shape input,
            int steps,
            boolean listener) {
        Engine.getInstance().setRandomSeed(1);
        Model model = Model.newInstance(name);
        Block net = Networks.byName(modelName, 10);
        net.setInitializer(Networks.heNormal(), Parameter.Type.WEIGHT);
        model.setBlock(net);
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
        if (listener) {
            config.addTrainingListeners((ai.djl.training.listener.TrainingListener) optimizer);
        }
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(input);
        return new Variant(name, model, trainer, new double[steps], new double[steps], null);
    }

    public static void main(String[] args) {
        String modelName = args.length > 0 ? args[0] : "resnet56";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmup = 5;
        Shape input = new Shape(batch, 3, 32, 32);
        System.out.printf(
                "model %s, batch %d, %d timed steps after %d warm-up, intra-op threads %s,"
                        + " inter-op %s, DJL %s, engine %s %s%n",
                modelName,
                batch,
                steps,
                warmup,
                System.getProperty("ai.djl.pytorch.num_threads"),
                System.getProperty("ai.djl.pytorch.num_interop_threads"),
                Engine.getDjlVersion(),
                Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion());
        List<Variant> variants = new ArrayList<>();
        variants.add(
                variant(
                        "DJL built-in Adam",
                        modelName,
                        Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(),
                        input,
                        steps));
        variants.add(
                variant(
                        "znorm Adam",
                        modelName,
                        dev.znorm.core.djl.DjlOptimizer.of(
                                Transforms.chain(Adam.builder().lr(1e-3).build())),
                        input,
                        steps));
        variants.add(
                variant(
                        "ZNorm + znorm Adam, new arrays",
                        modelName,
                        dev.znorm.core.djl.DjlOptimizer.of(
                                Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build())),
                        input,
                        steps));
        dev.znorm.core.djl.DjlOptimizer inPlace =
                dev.znorm.core.djl.DjlOptimizer.of(
                        Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build()));
        variants.add(
                variant("ZNorm + znorm Adam, in place", modelName, inPlace, input, steps, true));
        variants.add(
                variant(
                        "DJL built-in SGD, momentum 0.9",
                        modelName,
                        Optimizer.sgd()
                                .setLearningRateTracker(Tracker.fixed(0.1f))
                                .optMomentum(0.9f)
                                .build(),
                        input,
                        steps));
        variants.add(
                variant(
                        "znorm SGD, momentum 0.9",
                        modelName,
                        dev.znorm.core.djl.DjlOptimizer.of(
                                Transforms.chain(Sgd.builder().lr(0.1).momentum(0.9).build())),
                        input,
                        steps));
        variants.add(
                wholeStep(
                        "znorm Adam, WholeStep",
                        modelName,
                        Transforms.chain(Adam.builder().lr(1e-3).build()),
                        input,
                        steps));
        variants.add(
                wholeStep(
                        "ZNorm + znorm Adam, WholeStep",
                        modelName,
                        Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build()),
                        input,
                        steps));
        variants.add(
                wholeStep(
                        "znorm SGD, mom. 0.9, WholeStep",
                        modelName,
                        Transforms.chain(Sgd.builder().lr(0.1).momentum(0.9).build()),
                        input,
                        steps));
        variants.add(
                wholeStep(
                        "ZNorm + znorm SGD, mom. 0.9, WholeStep",
                        modelName,
                        Transforms.chain(
                                ZNorm.create(), Sgd.builder().lr(0.1).momentum(0.9).build()),
                        input,
                        steps));
        try (NDManager data = NDManager.newBaseManager()) {
            // Kept in Java: arrays made from them in each step's sub-manager take the step's
            // temporaries with them when it closes (DJL attaches results to the input's manager).
            float[] xs = data.randomNormal(input).toFloatArray();
            long[] ys = data.randomInteger(0, 10, new Shape(batch), DataType.INT64).toLongArray();
            for (int s = -warmup; s < steps; s++) {
                // rotate the order every round so no variant always follows the same one
                for (int k = 0; k < variants.size(); k++) {
                    Variant v =
                            variants.get((k + Math.floorMod(s, variants.size())) % variants.size());
                    long[] t = TimedStep.run(v, xs, ys, input);
                    if (s >= 0) {
                        v.step[s] = (t[TimedStep.OPTIMIZER] - t[TimedStep.START]) / 1e6;
                        v.optimizer[s] = (t[TimedStep.OPTIMIZER] - t[TimedStep.FREED]) / 1e6;
                    }
                }
            }
        }
        System.out.printf(
                "%-40s %-34s %-34s%n", "variant", "whole training step", "optimizer step alone");
        double base = Stats.median(variants.get(0).step);
        for (Variant v : variants) {
            double med = Stats.median(v.step);

            System.out.printf(
                    "%-40s %s %+6.2f%%   %s%n",
                    v.name,
                    Stats.summary(v.step),
                    100 * (med - base) / base,
                    Stats.summary(v.optimizer));
        }
        for (Variant v : variants) {
            if (v.whole != null) {
                v.whole.close();
            }
            v.trainer.close();
            v.model.close();
        }
    }
}
