package dev.znorm.experiment.gradients;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.run.GradientStats;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunHooks;
import dev.znorm.experiment.run.RunListener;
import dev.znorm.experiment.run.RunOptions;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.TrainingRun;
import dev.znorm.experiment.task.Datasets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradient-overlap study: networks with identical parameter shapes (a ResNet and its plain
 * twin) trained from the same initial weights on the same batches by the project's one training
 * loop, with per-layer statistics (L2 norm, mean, std) of the raw gradient and of the gradient
 * after a transform recorded at every step.
 */
public final class GradientStudy {

    /** Statistics [norm|mean|std][layer][step] of one network, raw and transformed. */
    /**
     * One network's statistics, and a SHA-256 of its initial weights (every tensor's float32 bytes
     * in model order) so a reader can check that all networks started from the same weights.
     */
    public record Stats(
            List<String> layers, double[][][] raw, double[][][] after, String initialWeights) {}

    private final List<String> models;
    private final RunSpec base;
    private final GradientTransform measured;
    private final Path out;

    /**
     * @param base the run every network makes (its model is replaced by each of {@code models})
     * @param measured the transform whose output is measured beside the raw gradient
     */
    public GradientStudy(List<String> models, RunSpec base, GradientTransform measured, Path out) {
        this.models = List.copyOf(models);
        this.base = base;
        this.measured = measured;
        this.out = out;
    }

    /** Trains every network for the base run's steps and returns their statistics by model. */
    public Map<String, Stats> run(RunListener listener) throws IOException {
        Datasets.Loaded data = Datasets.load(base);
        checkSameShapes(Datasets.task(base, data));
        Map<String, Stats> all = new LinkedHashMap<>();
        List<float[]> firstWeights = new ArrayList<>();
        for (String model : models) {
            RunSpec spec = base.toBuilder().model(model).build();
            Recorder recorder = new Recorder(firstWeights, model, spec.steps());
            new TrainingRun(
                            spec,
                            Datasets.task(spec, data),
                            new RunFolder(out.resolve("runs").resolve(model)),
                            new RunOptions(false, 1, null, true),
                            listener,
                            "[" + model + "]")
                    .withHooks(recorder)
                    .run();
            all.put(
                    model,
                    new Stats(recorder.layers, recorder.raw, recorder.after, recorder.fingerprint));
        }
        return all;
    }

    /** Fails, before any training, when the networks' parameters differ in number or shape. */
    private void checkSameShapes(dev.znorm.experiment.run.Task task) {
        List<List<ai.djl.ndarray.types.Shape>> shapes = new ArrayList<>();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            for (String model : models) {
                Block net = task.network(model);
                net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, task.inputShape());
                List<ai.djl.ndarray.types.Shape> s = new ArrayList<>();
                net.getParameters().forEach(p -> s.add(p.getValue().getArray().getShape()));
                shapes.add(s);
            }
        }
        for (int i = 1; i < models.size(); i++) {
            if (!shapes.get(i).equals(shapes.get(0))) {
                throw new BadInputException(
                        "--models: "
                                + models.get(i)
                                + " and "
                                + models.get(0)
                                + " do not have identical"
                                + " parameter shapes ("
                                + shapes.get(i).size()
                                + " and "
                                + shapes.get(0).size()
                                + " tensors); compare"
                                + " a ResNet with option-A shortcuts and its plain twin, e.g. resnet20 and plain20");
            }
        }
    }

    /**
     * Copies the first network's initial weights into the others and records the statistics of
     * every step.
     */
    private final class Recorder implements RunHooks {
        private final List<float[]> firstWeights;
        private final String model;
        private final int steps;
        private List<String> layers;
        private double[][][] raw;
        private double[][][] after;
        private String fingerprint;

        Recorder(List<float[]> firstWeights, String model, int steps) {
            this.firstWeights = firstWeights;
            this.model = model;
            this.steps = steps;
        }

        @Override
        public void initialized(Block net) {
            ai.djl.nn.ParameterList params = net.getParameters();
            if (firstWeights.isEmpty()) {
                for (Pair<String, Parameter> p : params) {
                    firstWeights.add(p.getValue().getArray().toFloatArray());
                }
            } else {
                if (firstWeights.size() != params.size()) {
                    throw new BadInputException(
                            model
                                    + " has "
                                    + params.size()
                                    + " parameters but "
                                    + models.get(0)
                                    + " has "
                                    + firstWeights.size()
                                    + "; the networks must have identical parameter shapes (e.g. resnet20 and plain20)");
                }
                int i = 0;
                for (Pair<String, Parameter> p : params) {
                    float[] w = firstWeights.get(i++);
                    if (w.length != p.getValue().getArray().size()) {
                        throw new BadInputException(
                                model
                                        + ": parameter "
                                        + p.getKey()
                                        + " differs in shape from "
                                        + models.get(0)
                                        + "'s");
                    }
                    p.getValue().getArray().set(w);
                }
            }
            fingerprint = fingerprint(params);
            layers = new ArrayList<>();
            for (Param p : WholeStep.parameters(net)) {
                if (p.ndim() >= 2) {
                    layers.add(p.name());
                }
            }
            raw = new double[3][layers.size()][steps];
            after = new double[3][layers.size()][steps];
        }

        @Override
        public void backward(long step, Block net) {
            List<Param> weights = new ArrayList<>();
            for (Param p : WholeStep.parameters(net)) {
                if (p.ndim() >= 2) {
                    weights.add(p);
                }
            }
            ParamSet set = ParamSet.of(weights);
            try (NDScope scope = new NDScope();
                    TransformState state = new TransformState()) {
                scope.suppressNotUsedWarning();
                Map<String, NDArray> grads = new LinkedHashMap<>();
                for (Param p : weights) {
                    grads.put(p.name(), p.value().getGradient());
                }
                measured.init(set, state);
                Updates transformed = measured.update(Updates.of(grads), state, set);
                int l = 0;
                for (Param p : weights) {
                    put(raw, l, (int) step, grads.get(p.name()).toFloatArray());
                    put(after, l, (int) step, transformed.get(p.name()).toFloatArray());
                    l++;
                }
            }
        }

        private static String fingerprint(ai.djl.nn.ParameterList params) {
            java.security.MessageDigest sha;
            try {
                sha = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            for (Pair<String, Parameter> p : params) {
                float[] w = p.getValue().getArray().toFloatArray();
                java.nio.ByteBuffer b =
                        java.nio.ByteBuffer.allocate(w.length * Float.BYTES)
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(w);
                sha.update(b);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        }

        private void put(double[][][] stats, int l, int s, float[] g) {
            double[] v = GradientStats.normMeanStd(g);
            for (int k = 0; k < 3; k++) {
                stats[k][l][s] = v[k];
            }
        }
    }
}
