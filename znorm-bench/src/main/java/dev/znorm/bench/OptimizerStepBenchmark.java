package dev.znorm.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.optim.Sgd;
import dev.znorm.core.transform.Transforms;
import dev.znorm.zoo.Networks;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer step alone, on the gradients of every tensor of a CIFAR ResNet (random values of
 * the real shapes): DJL's Adam, ours, ZNorm + ours, ZNorm by itself next to its memory-bandwidth
 * floor (one read and one write of every gradient, timed as a native copy), and DJL's SGD with
 * momentum and ours. The weights carry gradients, as in training, so the cost of clearing them
 * after the update is in the figures.
 */
public final class OptimizerStepBenchmark {

    private OptimizerStepBenchmark() {}

    public static void main(String[] args) {
        String modelName = args.length > 0 ? args[0] : "resnet56";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Networks.byName(modelName, 10);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> grads = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            long elements = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    NDArray w = p.getValue().getArray();
                    weights.add(w);
                    grads.add(m.randomNormal(w.getShape()).muli(1e-3));
                    ids.add(p.getValue().getId());
                    elements += w.size();
                }
            }
            attachGradients(weights);
            System.out.printf(
                    "%s: %d tensors, %d elements; %d repetitions; intra-op threads %s; DJL %s,"
                            + " %s %s%n",
                    modelName,
                    weights.size(),
                    elements,
                    reps,
                    System.getProperty("ai.djl.pytorch.num_threads"),
                    Engine.getDjlVersion(),
                    Engine.getInstance().getEngineName(),
                    Engine.getInstance().getVersion());
            Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            Optimizer ours =
                    dev.znorm.core.djl.DjlOptimizer.of(
                            Transforms.chain(Adam.builder().lr(1e-3).build()));
            Optimizer zn =
                    dev.znorm.core.djl.DjlOptimizer.of(
                            Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build()));
            Optimizer djlSgd =
                    Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(0.1f))
                            .optMomentum(0.9f)
                            .build();
            Optimizer ourSgd =
                    dev.znorm.core.djl.DjlOptimizer.of(
                            Transforms.chain(Sgd.builder().lr(0.1).momentum(0.9).build()));
            double[][] t = new double[8][reps];
            for (int r = -20; r < reps; r++) {
                t0(t, 0, r, () -> step(djl, ids, weights, grads));
                t0(t, 1, r, () -> step(ours, ids, weights, grads));
                t0(t, 2, r, () -> step(zn, ids, weights, grads));
                t0(t, 6, r, () -> step(djlSgd, ids, weights, grads));
                t0(t, 7, r, () -> step(ourSgd, ids, weights, grads));
                t0(
                        t,
                        3,
                        r,
                        () -> {
                            try (NDScope scope = new NDScope()) {
                                scope.suppressNotUsedWarning();
                                for (NDArray g : grads) {
                                    if (g.getShape().dimension() >= 2) {
                                        ZNorm.zscore(g, 1e-12, false, false);
                                    }
                                }
                            }
                        });
                t0(
                        t,
                        4,
                        r,
                        () -> {
                            // as inside training, where the chain owns the gradient: written in
                            // place (z-scoring a z-score costs the same as the first time)
                            for (NDArray g : grads) {
                                if (g.getShape().dimension() >= 2) {
                                    ZNorm.zscore(g, 1e-12, false, false, true);
                                }
                            }
                        });
                t0(
                        t,
                        5,
                        r,
                        () -> {
                            try (NDScope scope = new NDScope()) {
                                scope.suppressNotUsedWarning();
                                for (NDArray g : grads) {
                                    if (g.getShape().dimension() >= 2) {
                                        g.duplicate();
                                    }
                                }
                            }
                        });
            }
            String[] names = {
                "DJL built-in Adam",
                "znorm Adam",
                "ZNorm + znorm Adam",
                "ZNorm alone (ndim>=2)",
                "ZNorm alone, in place",
                "floor: copy of the same",
                "DJL built-in SGD, mom. 0.9",
                "znorm SGD, momentum 0.9"
            };
            for (int i = 0; i < names.length; i++) {
                double[] us = new double[reps];
                for (int r = 0; r < reps; r++) {
                    us[r] = t[i][r] * 1000;
                }
                System.out.printf(
                        "%-26s %9.0f us (IQR %.0f-%.0f)%n",
                        names[i],
                        Stats.median(us),
                        Stats.quantile(us, 0.25),
                        Stats.quantile(us, 0.75));
            }
        }
    }

    /**
     * Gives every weight a gradient of its own, as after a backward pass, so each optimizer pays
     * for clearing it (DJL's kernels natively, ours from Java) as it does in training.
     */
    private static void attachGradients(List<NDArray> weights) {
        for (NDArray w : weights) {
            w.setRequiresGradient(true);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray total = weights.get(0).sum();
            for (int i = 1; i < weights.size(); i++) {
                total = total.add(weights.get(i).sum());
            }
            gc.backward(total);
        }
    }

    private static void step(Optimizer opt, List<String> ids, List<NDArray> w, List<NDArray> g) {
        for (int i = 0; i < w.size(); i++) {
            opt.update(ids.get(i), w.get(i), g.get(i));
        }
    }

    private static void t0(double[][] t, int i, int r, Runnable body) {
        long start = System.nanoTime();
        body.run();
        if (r >= 0) {
            t[i][r] = (System.nanoTime() - start) / 1e6;
        }
    }
}
