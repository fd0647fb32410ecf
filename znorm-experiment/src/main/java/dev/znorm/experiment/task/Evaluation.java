package dev.znorm.experiment.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.znorm.data.Augmentation;
import dev.znorm.data.Batches;
import dev.znorm.data.ImageSet;
import dev.znorm.data.Normalization;

/**
 * Accuracy and mean cross-entropy of a model on a split, in inference mode (BatchNorm running
 * statistics).
 */
public final class Evaluation {

    private Evaluation() {}

    /** Loss and the full classification metrics of {@code split}. */
    public record Result(double loss, ClassificationMetrics metrics) {}

    public static Result evaluate(Trainer trainer, ImageSet split, Normalization norm, int batch) {
        Batches batches = new Batches(split, batch, 0, false, Augmentation.NONE, norm);
        int[] order = batches.order(0);
        int n = split.size();
        int[] labels = new int[n];
        int[] predicted = new int[n];
        float[] prob1 = split.classes().size() == 2 ? new float[n] : null;
        double lossSum = 0;
        int at = 0;
        for (int b = 0; b < batches.batchesPerEpoch(); b++) {
            try (NDManager sub = trainer.getManager().newSubManager()) {
                NDList xy = batches.batch(order, 0, b, sub);
                NDArray logits = trainer.evaluate(new NDList(xy.get(0))).singletonOrThrow();
                NDArray logp = logits.logSoftmax(1);
                long[] y = xy.get(1).toLongArray();
                float[] lp = logp.toFloatArray();
                int k = (int) logits.getShape().get(1);
                for (int i = 0; i < y.length; i++) {
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        if (lp[i * k + c] > lp[i * k + best]) {
                            best = c;
                        }
                    }
                    labels[at] = (int) y[i];
                    predicted[at] = best;
                    if (prob1 != null) {
                        prob1[at] = (float) Math.exp(lp[i * k + 1]);
                    }
                    lossSum -= lp[i * k + (int) y[i]];
                    at++;
                }
            }
        }
        return new Result(
                lossSum / n, ClassificationMetrics.of(split.classes(), labels, predicted, prob1));
    }
}
