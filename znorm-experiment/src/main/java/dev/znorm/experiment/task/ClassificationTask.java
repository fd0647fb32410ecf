package dev.znorm.experiment.task;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.znorm.data.Augmentation;
import dev.znorm.data.BatchSource;
import dev.znorm.data.Batches;
import dev.znorm.data.ImageSet;
import dev.znorm.data.Normalization;
import dev.znorm.experiment.run.DataDescription;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.Task;
import dev.znorm.zoo.Networks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Image classification: a CIFAR-style network, softmax cross-entropy, accuracy / F1 / AUC. */
public final class ClassificationTask implements Task {

    private final ClassificationData data;
    private final ImageSet train;
    private final Normalization norm;
    private final Batches batches;

    public ClassificationTask(RunSpec spec, ClassificationData data) {
        this.data = data;
        this.train = TrainSubset.of(data.train(), spec.trainSubset());
        this.norm = Normalization.of(train);
        this.batches =
                new Batches(
                        train,
                        spec.batch(),
                        spec.seed(),
                        spec.shuffle(),
                        spec.augment() ? Augmentation.CIFAR : Augmentation.NONE,
                        norm);
    }

    @Override
    public String primaryMetric() {
        return "accuracy";
    }

    @Override
    public DataDescription describe() {
        return new DataDescription(
                train.size(),
                null,
                train.classes(),
                List.of(train.channels(), train.height(), train.width()),
                DataDescription.Normalization.of(norm.mean(), norm.std()),
                null);
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
            out.put(
                    split.getKey(),
                    new Evaluated(r.metrics().accuracy(), r.loss(), headline, r.metrics().toMap()));
        }
        return out;
    }
}
