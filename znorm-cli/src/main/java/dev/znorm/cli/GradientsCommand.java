package dev.znorm.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.znorm.core.djl.DjlOptimizer;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.spec.MethodSpec;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;
import dev.znorm.data.Augmentation;
import dev.znorm.data.Batches;
import dev.znorm.data.ImageSet;
import dev.znorm.data.Normalization;
import dev.znorm.zoo.Networks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code znorm gradients}: per-layer statistics (L2 norm, mean, std) of the raw gradient and of
 * the gradient after a transform, for several networks trained from the same initial weights on
 * the same batches: by default ResNet-20 and its plain twin (the gradient-overlap study).
 */
@Command(name = "gradients", mixinStandardHelpOptions = true,
        description = "Per-layer gradient statistics, raw and after a transform, of networks started from the same"
                + " weights on the same batches (default: ResNet-20 vs its plain twin); writes gradients.json and report.html.")
public final class GradientsCommand implements Callable<Integer> {

    @Option(names = "--models", split = ",", defaultValue = "resnet20,plain20",
            description = "Networks with identical parameter shapes (a ResNet with option-A shortcuts and its plain twin). Default: ${DEFAULT-VALUE}")
    List<String> models;

    @Option(names = "--dataset", defaultValue = "cifar10", description = "Dataset kind. Default: ${DEFAULT-VALUE}")
    String dataset;

    @Option(names = "--data", required = true, description = "Dataset path.")
    Path data;

    @Option(names = "--method", defaultValue = "adam", description = "The method that trains the networks between records. Default: ${DEFAULT-VALUE}")
    String method;

    @Option(names = "--transform", defaultValue = "znorm", description = "The transform whose output is measured next to the raw gradient. Default: ${DEFAULT-VALUE}")
    String transform;

    @Option(names = "--steps", defaultValue = "50", description = "Training steps recorded. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size. Default: ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and batches. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads (0: all cores).")
    int threads;

    @Option(names = "--out", defaultValue = "runs/gradients", description = "Output folder. Default: ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        Engines.threads(threads);
        if (steps < 1) {
            throw new UserError("--steps must be >= 1, got " + steps);
        }
        GradientTransform measured = transformOf(transform);
        TrainingRun.checkMethod(method);
        models.forEach(m -> Networks.byName(m, 10));
        TrainingRun.checkWritable(out);
        ImageSet train = Datasets.load(dataset, data).train();
        Normalization norm = Normalization.of(train);
        Batches batches = new Batches(train, batch, seed, true, Augmentation.CIFAR, norm);
        Shape input = new Shape(1, train.channels(), train.height(), train.width());
        Map<String, Object> all = new LinkedHashMap<>();
        Map<String, float[]> firstWeights = null;
        List<String> svgs = new ArrayList<>();
        List<LineChart.Series> depthRaw = new ArrayList<>();
        for (String modelName : models) {
            Engine.getInstance().setRandomSeed((int) seed);
            try (Model model = Model.newInstance(modelName)) {
                Block net = Networks.byName(modelName, train.classes().size());
                net.setInitializer(Networks.heNormal(), Parameter.Type.WEIGHT);
                model.setBlock(net);
                DjlOptimizer opt = DjlOptimizer.of(MethodSpec.parse(method));
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(opt).addTrainingListeners(opt))) {
                    trainer.initialize(input);
                    firstWeights = sameStart(net, firstWeights, modelName);
                    List<String> layers = new ArrayList<>();
                    for (Param p : WholeStep.parameters(net)) {
                        if (p.ndim() >= 2) {
                            layers.add(p.name());
                        }
                    }
                    double[][][] raw = new double[3][layers.size()][steps];
                    double[][][] after = new double[3][layers.size()][steps];
                    for (int s = 0; s < steps; s++) {
                        int perEpoch = batches.batchesPerEpoch();
                        try (NDManager sub = trainer.getManager().newSubManager()) {
                            NDList b = batches.batch(batches.order(s / perEpoch), s / perEpoch, s % perEpoch, sub);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray loss = trainer.getLoss().evaluate(new NDList(b.get(1)), trainer.forward(new NDList(b.get(0))));
                                gc.backward(loss);
                            }
                        }
                        record(net, measured, raw, after, s);
                        trainer.step();
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("layers", layers);
                    m.put("raw", stats(raw));
                    m.put("after_" + transform, stats(after));
                    all.put(modelName, m);
                    long[] stepIds = new long[steps];
                    for (int s = 0; s < steps; s++) {
                        stepIds[s] = s;
                    }
                    double lo = Math.log10(Math.max(1e-12, min(raw[0])));
                    double hi = Math.log10(Math.max(1e-12, max(raw[0])));
                    svgs.add(Heatmap.svg(modelName + ": raw-gradient L2 norm per layer", layers, stepIds, raw[0], lo, hi + 1e-9));
                    double loA = Math.log10(Math.max(1e-12, min(after[0])));
                    double hiA = Math.log10(Math.max(1e-12, max(after[0])));
                    svgs.add(Heatmap.svg(modelName + ": after " + transform, layers, stepIds, after[0], loA, hiA + 0.01));
                    double[] byDepth = new double[layers.size()];
                    for (int l = 0; l < layers.size(); l++) {
                        double sum = 0;
                        for (int s = 0; s < steps; s++) {
                            sum += raw[0][l][s];
                        }
                        byDepth[l] = Math.log10(sum / steps);
                    }
                    depthRaw.add(new LineChart.Series(modelName, byDepth));
                }
            }
        }
        String depth = LineChart.svg("mean raw-gradient L2 norm by depth (log10), steps 1-" + steps, "layer (input side first)",
                "log10 norm", depthRaw);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("models", models);
        doc.put("method", method);
        doc.put("transform", transform);
        doc.put("steps", steps);
        doc.put("batch", batch);
        doc.put("seed", seed);
        doc.put("data", data.toAbsolutePath().normalize().toString());
        doc.put("intra_op_threads", Engines.threads());
        doc.put("git_commit", GitInfo.commit());
        doc.put("statistics", all);
        TrainingRun.write(out.resolve("gradients.json"), Json.of(doc) + "\n");
        TrainingRun.write(out.resolve("norm-by-depth.svg"), depth);
        for (int i = 0; i < svgs.size(); i++) {
            TrainingRun.write(out.resolve("heatmap-" + i + ".svg"), svgs.get(i));
        }
        String context = String.format(Locale.ROOT, "%s from the same initial weights (seed %d) on the same %d batches of %d"
                + " training images from %s, trained with %s; statistics of the raw gradient and after %s at every step.",
                String.join(" and ", models), seed, steps, batch, data, method, transform);
        TrainingRun.write(out.resolve("report.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Gradient"
                + " statistics</title></head><body style=\"font-family:sans-serif\"><h1>Per-layer gradient statistics</h1><p>"
                + LineChart.esc(context) + "</p>" + depth + "<div>" + String.join("", svgs) + "</div></body></html>\n");
        System.out.println(context);
        System.out.println("report: " + out.resolve("report.html").toAbsolutePath().normalize());
        return 0;
    }

    private static GradientTransform transformOf(String spec) {
        try {
            return ((dev.znorm.core.transform.OptimizerChain) MethodSpec.parse(spec + "+sgd:lr=0")).transforms().get(0);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new UserError("--transform: " + e.getMessage());
        }
    }

    /** Copies the first network's initial weights into the next ones, so all start from the same point. */
    private static Map<String, float[]> sameStart(Block net, Map<String, float[]> first, String name) {
        ai.djl.nn.ParameterList params = net.getParameters();
        if (first == null) {
            Map<String, float[]> w = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : params) {
                w.put(String.valueOf(w.size()), p.getValue().getArray().toFloatArray());
            }
            return w;
        }
        if (first.size() != params.size()) {
            throw new UserError(name + " has " + params.size() + " parameters but the first model has " + first.size()
                    + "; --models must have identical parameter shapes (e.g. resnet20 and plain20)");
        }
        int i = 0;
        for (Pair<String, Parameter> p : params) {
            float[] w = first.get(String.valueOf(i++));
            if (w.length != p.getValue().getArray().size()) {
                throw new UserError(name + ": parameter " + p.getKey() + " differs in shape from the first model's");
            }
            p.getValue().getArray().set(w);
        }
        return first;
    }

    private static void record(Block net, GradientTransform t, double[][][] raw, double[][][] after, int s) {
        int l = 0;
        List<Param> weights = new ArrayList<>();
        for (Param p : WholeStep.parameters(net)) {
            if (p.ndim() >= 2) {
                weights.add(p);
            }
        }
        ParamSet set = ParamSet.of(weights);
        try (NDScope scope = new NDScope(); TransformState state = new TransformState()) {
            scope.suppressNotUsedWarning();
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (Param p : weights) {
                grads.put(p.name(), p.value().getGradient());
            }
            t.init(set, state);
            Updates out = t.update(Updates.of(grads), state, set);
            for (Param p : weights) {
                put(raw, l, s, grads.get(p.name()).toFloatArray());
                put(after, l, s, out.get(p.name()).toFloatArray());
                l++;
            }
        }
    }

    private static void put(double[][][] stats, int l, int s, float[] g) {
        double[] v = GradientStats.normMeanStd(g);
        for (int k = 0; k < 3; k++) {
            stats[k][l][s] = v[k];
        }
    }

    private static Map<String, Object> stats(double[][][] s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("norm", s[0]);
        m.put("mean", s[1]);
        m.put("std", s[2]);
        return m;
    }

    private static double min(double[][] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] r : v) {
            for (double x : r) {
                if (x > 0) {
                    m = Math.min(m, x);
                }
            }
        }
        return m;
    }

    private static double max(double[][] v) {
        double m = 0;
        for (double[] r : v) {
            for (double x : r) {
                m = Math.max(m, x);
            }
        }
        return m;
    }
}
