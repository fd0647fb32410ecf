package dev.znorm.experiment.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.znorm.data.Augmentation;
import dev.znorm.data.BatchSource;
import dev.znorm.data.Lgg;
import dev.znorm.data.SegmentationBatches;
import dev.znorm.data.SegmentationSet;
import dev.znorm.experiment.run.DataDescription;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.Task;
import dev.znorm.zoo.Losses;
import dev.znorm.zoo.Networks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary segmentation (LGG tumour masks): U-Net or Res-U-Net, BCE + soft Dice, and Dice, IoU and
 * pixel accuracy on held-out patients, both over all pixels of the split and as the mean over
 * images (an image where mask and prediction are both empty scores 1).
 */
public final class SegmentationTask implements Task {

    private final Lgg.Split split;
    private final SegmentationBatches batches;
    private final double[][] stats;
    private final int width;

    public SegmentationTask(RunSpec spec, Lgg.Split split) {
        this.split = split;
        this.stats = SegmentationBatches.channelStats(split.train());
        this.width = spec.modelWidth() == null ? 16 : spec.modelWidth();
        // flips in both directions and a small shift: MRI slices have no canonical left/right
        this.batches =
                new SegmentationBatches(
                        split.train(),
                        spec.batch(),
                        spec.seed(),
                        spec.shuffle(),
                        spec.augment() ? new Augmentation(8, true, true) : Augmentation.NONE,
                        stats[0],
                        stats[1]);
    }

    @Override
    public String primaryMetric() {
        return "dice";
    }

    @Override
    public DataDescription describe() {
        SegmentationSet t = split.train();
        Map<String, List<String>> patients = new LinkedHashMap<>();
        patients.put("train", split.trainPatients());
        patients.put("val", split.valPatients());
        patients.put("test", split.testPatients());
        return new DataDescription(
                null,
                t.size(),
                List.of("background", "tumour"),
                List.of(t.channels(), t.height(), t.width()),
                DataDescription.Normalization.of(stats[0], stats[1]),
                patients);
    }

    @Override
    public Shape inputShape() {
        SegmentationSet t = split.train();
        return new Shape(1, t.channels(), t.height(), t.width());
    }

    @Override
    public Block network(String model) {
        return Networks.segmentation(model, split.train().channels(), 1, width);
    }

    @Override
    public Loss loss() {
        return Losses.bceDice();
    }

    @Override
    public BatchSource batches() {
        return batches;
    }

    @Override
    public void showcase(Trainer trainer, Path dir) throws IOException {
        SegmentationSet set = split.test();
        int[] chosen = Showcase.choose(set);
        if (chosen.length == 0) {
            return;
        }
        SegmentationBatches b =
                new SegmentationBatches(
                        set, chosen.length, 0, false, Augmentation.NONE, stats[0], stats[1]);
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList xy = b.batch(chosen, 0, 0, sub);
            float[] logits =
                    trainer.evaluate(new NDList(xy.get(0))).singletonOrThrow().toFloatArray();
            Showcase.of(set, chosen, logits).write(dir.resolve(Showcase.FILE));
        }
    }

    @Override
    public Map<String, Evaluated> evaluate(Trainer trainer) {
        Map<String, Evaluated> out = new LinkedHashMap<>();
        out.put("val", evaluate(trainer, split.val()));
        out.put("test", evaluate(trainer, split.test()));
        return out;
    }

    private Evaluated evaluate(Trainer trainer, SegmentationSet set) {
        SegmentationBatches b =
                new SegmentationBatches(set, 8, 0, false, Augmentation.NONE, stats[0], stats[1]);
        int[] order = b.order(0);
        long inter = 0;
        long predicted = 0;
        long truth = 0;
        long correct = 0;
        long pixels = 0;
        double dicePerImage = 0;
        double iouPerImage = 0;
        double lossSum = 0;
        for (int i = 0; i < b.batchesPerEpoch(); i++) {
            try (NDManager sub = trainer.getManager().newSubManager()) {
                NDList xy = b.batch(order, 0, i, sub);
                NDArray logits = trainer.evaluate(new NDList(xy.get(0))).singletonOrThrow();
                lossSum +=
                        Losses.bceDice()
                                        .evaluate(new NDList(xy.get(1)), new NDList(logits))
                                        .getFloat()
                                * xy.get(0).getShape().get(0);
                float[] z = logits.toFloatArray();
                float[] y = xy.get(1).toFloatArray();
                int n = (int) xy.get(0).getShape().get(0);
                int plane = z.length / n;
                for (int k = 0; k < n; k++) {
                    long ti = 0;
                    long pi = 0;
                    long gi = 0;
                    for (int p = k * plane; p < (k + 1) * plane; p++) {
                        boolean pr = z[p] > 0; // sigmoid > 0.5
                        boolean gt = y[p] > 0.5f;
                        ti += pr && gt ? 1 : 0;
                        pi += pr ? 1 : 0;
                        gi += gt ? 1 : 0;
                        correct += pr == gt ? 1 : 0;
                    }
                    inter += ti;
                    predicted += pi;
                    truth += gi;
                    pixels += plane;
                    dicePerImage += pi + gi == 0 ? 1 : 2.0 * ti / (pi + gi);
                    iouPerImage += pi + gi - ti == 0 ? 1 : ti / (double) (pi + gi - ti);
                }
            }
        }
        double dice = predicted + truth == 0 ? 1 : 2.0 * inter / (predicted + truth);
        double iou =
                predicted + truth - inter == 0 ? 1 : inter / (double) (predicted + truth - inter);
        Map<String, Double> headline = new LinkedHashMap<>();
        headline.put("iou", iou);
        headline.put("pixel_accuracy", correct / (double) pixels);
        headline.put("dice_per_image", dicePerImage / set.size());
        headline.put("iou_per_image", iouPerImage / set.size());
        Map<String, Object> full = new LinkedHashMap<>(headline);
        full.put("dice", dice);
        full.put("images", set.size());
        full.put("tumour_pixels", truth);
        full.put("predicted_pixels", predicted);
        return new Evaluated(dice, lossSum / set.size(), headline, full);
    }
}
