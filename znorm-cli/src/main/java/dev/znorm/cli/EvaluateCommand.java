package dev.znorm.cli;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.data.ImageSet;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.io.Json;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.Task;
import dev.znorm.experiment.task.ClassificationData;
import dev.znorm.experiment.task.Datasets;
import dev.znorm.experiment.task.Evaluation;
import dev.znorm.experiment.task.SegmentationTask;
import dev.znorm.experiment.task.TrainedModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code znorm evaluate}: a run's newest checkpoint on a split, with every metric. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate a trained run (its newest checkpoint) on a split: accuracy, per-class precision/recall/F1,"
                        + " macro F1, ROC AUC (two classes), confusion matrix; Dice, IoU, pixel accuracy for segmentation;"
                        + " writes evaluate-<split>.json in the run folder.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(
            names = "--run",
            required = true,
            description = "The run folder written by znorm train.")
    Path run;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "val or test. Default: ${DEFAULT-VALUE}")
    String split;

    @Option(
            names = "--data",
            description = "Evaluate on this dataset instead of the run's (same kind and classes).")
    Path data;

    @Override
    public Integer call() throws Exception {
        try (TrainedModel m =
                TrainedModel.open(run, line -> System.err.println("znorm: " + line))) {
            RunSpec spec = m.config().spec();
            Path path = data != null ? data : spec.data();
            if (m.isSegmentation()) {
                return segmentation(m, spec.withData(path));
            }
            ClassificationData splits = Datasets.classification(spec.dataset(), path, 0);
            ImageSet set = splits.eval().get(split);
            if (set == null) {
                throw new BadInputException(
                        path + " has no split '" + split + "'; it has " + splits.eval().keySet());
            }
            if (!set.classes().equals(m.classes())) {
                throw new BadInputException(
                        path
                                + ": classes "
                                + set.classes()
                                + " differ from the model's "
                                + m.classes());
            }
            int[] in = m.input();
            if (set.channels() != in[0] || set.height() != in[1] || set.width() != in[2]) {
                throw new BadInputException(
                        path
                                + ": images are "
                                + set.channels()
                                + "x"
                                + set.height()
                                + "x"
                                + set.width()
                                + " but the model was trained on "
                                + Arrays.toString(in).replace(", ", "x"));
            }
            Evaluation.Result r = Evaluation.evaluate(m.trainer(), set, m.normalization(), 256);
            System.out.printf(
                    "%s on %s (%d images), checkpoint %s%n",
                    run, split, set.size(), m.checkpoint().getFileName());
            System.out.print(r.metrics().text());
            AtomicFiles.write(
                    run.resolve("evaluate-" + split + ".json"),
                    Json.write(
                                    Json.object(
                                            "checkpoint",
                                            m.checkpoint().toString(),
                                            "split",
                                            split,
                                            "data",
                                            path.toAbsolutePath().normalize().toString(),
                                            "loss",
                                            r.loss(),
                                            "metrics",
                                            r.metrics().toMap()))
                            + "\n");
            return 0;
        }
    }

    /**
     * Dice, IoU and pixel accuracy on the run's held-out patients (the same split as in training).
     */
    private int segmentation(TrainedModel m, RunSpec spec) throws Exception {
        Datasets.Loaded loaded = Datasets.load(spec.dataset(), spec.data(), spec.imageSize(), 0);
        if (!loaded.evalSplits().contains(split)) {
            throw new BadInputException(
                    spec.data() + " has no split '" + split + "'; it has " + loaded.evalSplits());
        }
        Task.Evaluated e =
                new SegmentationTask(spec, loaded.segmentation()).evaluate(m.trainer()).get(split);
        System.out.printf("%s on %s, checkpoint %s%n", run, split, m.checkpoint().getFileName());
        System.out.printf(
                "Dice %.4f, IoU %.4f, pixel accuracy %.4f; per image: Dice %.4f, IoU %.4f%n",
                e.primary(),
                e.headline().get("iou"),
                e.headline().get("pixel_accuracy"),
                e.headline().get("dice_per_image"),
                e.headline().get("iou_per_image"));
        AtomicFiles.write(
                run.resolve("evaluate-" + split + ".json"),
                Json.write(
                                Json.object(
                                        "checkpoint",
                                        m.checkpoint().toString(),
                                        "split",
                                        split,
                                        "loss",
                                        e.loss(),
                                        "metrics",
                                        e.full()))
                        + "\n");
        return 0;
    }
}
