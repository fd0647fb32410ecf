package dev.znorm.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.znorm.data.Augmentation;
import dev.znorm.data.BatchSource;
import dev.znorm.data.Batches;
import dev.znorm.data.ImageSet;
import dev.znorm.data.Normalization;
import dev.znorm.zoo.Networks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Image classification: a CIFAR-style network, softmax cross-entropy, accuracy / F1 / AUC. */
final class ClassificationTask implements Task {

    private final Datasets.Splits data;
    private final ImageSet train;
    private final Normalization norm;
    private final Batches batches;

    ClassificationTask(RunConfig cfg, Datasets.Splits data) {
        this.data = data;
        this.train = subset(data.train(), cfg.trainSubset());
        this.norm = Normalization.of(train);
        this.batches = new Batches(train, cfg.batch(), cfg.seed(), cfg.shuffle(),
                cfg.augment() ? Augmentation.CIFAR : Augmentation.NONE, norm);
    }

    /**
     * The first {@code n} images of a fixed shuffle (seed 0, never the run's seed, so every run
     * of a comparison trains on the same images), in their original order.
     */
    static ImageSet subset(ImageSet train, int n) {
        if (n == 0 || n >= train.size()) {
            return train;
        }
        int[] idx = new int[train.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(0);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] first = java.util.Arrays.copyOf(idx, n);
        java.util.Arrays.sort(first);
        return train.subset(first, train.source() + " (subset of " + n + ")");
    }

    @Override
    public String primaryMetric() {
        return "accuracy";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_images", train.size());
        m.put("classes", train.classes());
        m.put("input", List.of(train.channels(), train.height(), train.width()));
        Map<String, Object> normalization = new LinkedHashMap<>(); // ordered: config.json is compared on resume
        normalization.put("mean", norm.mean());
        normalization.put("std", norm.std());
        m.put("normalization", normalization);
        return m;
    }

    @Override
    public Shape inputShape() {
        return new Shape(1, train.channels(), train.height(), train.width());
    }

    @Override
    public Block network(String model) {
        return Networks.byName(model, train.classes().size());
    }

    @Override
    public Loss loss() {
        return Loss.softmaxCrossEntropyLoss();
    }

    @Override
    public BatchSource batches() {
        return batches;
    }

    @Override
    public Map<String, Evaluated> evaluate(Trainer trainer) {
        Map<String, Evaluated> out = new LinkedHashMap<>();
        for (Map.Entry<String, ImageSet> split : data.eval().entrySet()) {
            Evaluation.Result r = Evaluation.evaluate(trainer, split.getValue(), norm, 256);
            Map<String, Double> headline = new LinkedHashMap<>();
            headline.put("macro_f1", r.metrics().macroF1());
            if (r.metrics().classes().size() == 2) {
                headline.put("roc_auc", r.metrics().auc());
            }
            out.put(split.getKey(), new Evaluated(r.metrics().accuracy(), r.loss(), headline, r.metrics().toMap()));
        }
        return out;
    }
}
