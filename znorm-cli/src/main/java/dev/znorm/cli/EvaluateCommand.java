package dev.znorm.cli;

import dev.znorm.data.ImageSet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code znorm evaluate}: a run's newest checkpoint on a split, with every classification metric. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a trained run (its newest checkpoint) on a split: accuracy, per-class precision/recall/F1,"
                + " macro F1, ROC AUC (two classes), confusion matrix; writes evaluate-<split>.json in the run folder.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder written by znorm train.")
    Path run;

    @Option(names = "--split", defaultValue = "test", description = "val or test. Default: ${DEFAULT-VALUE}")
    String split;

    @Option(names = "--data", description = "Evaluate on this dataset instead of the run's (same kind and classes).")
    Path data;

    @Override
    public Integer call() throws Exception {
        try (TrainedModel m = TrainedModel.open(run)) {
            if (m.isSegmentation()) {
                return segmentation(m);
            }
            String kind = m.config.path("dataset").asText();
            Path path = data != null ? data : Path.of(m.config.path("data").asText());
            Datasets.Splits splits = Datasets.load(kind, path);
            ImageSet set = splits.eval().get(split);
            if (set == null) {
                throw new UserError(path + " has no split '" + split + "'; it has " + splits.eval().keySet());
            }
            if (!set.classes().equals(m.classes)) {
                throw new UserError(path + ": classes " + set.classes() + " differ from the model's " + m.classes);
            }
            if (set.channels() != m.channels || set.height() != m.height || set.width() != m.width) {
                throw new UserError(path + ": images are " + set.channels() + "x" + set.height() + "x" + set.width()
                        + " but the model was trained on " + m.channels + "x" + m.height + "x" + m.width);
            }
            Evaluation.Result r = Evaluation.evaluate(m.trainer, set, m.normalization, 256);
            System.out.printf("%s on %s (%d images), checkpoint %s%n", run, split, set.size(), m.checkpoint.getFileName());
            System.out.print(r.metrics().text());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("checkpoint", m.checkpoint.toString());
            out.put("split", split);
            out.put("data", path.toAbsolutePath().normalize().toString());
            out.put("loss", r.loss());
            out.put("metrics", r.metrics().toMap());
            TrainingRun.write(run.resolve("evaluate-" + split + ".json"), Json.of(out) + "\n");
            return 0;
        }
    }

    /** Dice, IoU and pixel accuracy on the run's held-out patients (the same split as in training). */
    private int segmentation(TrainedModel m) throws Exception {
        RunConfig cfg = m.runConfig(run);
        Path path = data != null ? data : cfg.data();
        Datasets.Loaded loaded = Datasets.loadAny("lgg", path, cfg.imageSize());
        if (!loaded.evalSplits().contains(split)) {
            throw new UserError(path + " has no split '" + split + "'; it has " + loaded.evalSplits());
        }
        Task.Evaluated e = new SegmentationTask(cfg, loaded.segmentation()).evaluate(m.trainer).get(split);
        System.out.printf("%s on %s, checkpoint %s%n", run, split, m.checkpoint.getFileName());
        System.out.printf("Dice %.4f, IoU %.4f, pixel accuracy %.4f; per image: Dice %.4f, IoU %.4f%n", e.primary(),
                e.headline().get("iou"), e.headline().get("pixel_accuracy"), e.headline().get("dice_per_image"),
                e.headline().get("iou_per_image"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checkpoint", m.checkpoint.toString());
        out.put("split", split);
        out.put("loss", e.loss());
        out.put("metrics", e.full());
        TrainingRun.write(run.resolve("evaluate-" + split + ".json"), Json.of(out) + "\n");
        return 0;
    }
}
