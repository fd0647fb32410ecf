package dev.znorm.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.znorm.data.Augmentation;
import dev.znorm.data.Batches;
import dev.znorm.data.ImageSet;
import dev.znorm.data.Normalization;

/** Accuracy and mean cross-entropy of a model on a split, in inference mode (BatchNorm running statistics). */
final class Evaluation {

    private Evaluation() {}

    static double[] accuracyAndLoss(Trainer trainer, ImageSet split, Normalization norm, int batch) {
        Batches batches = new Batches(split, batch, 0, false, Augmentation.NONE, norm);
        int[] order = batches.order(0);
        long correct = 0;
        double lossSum = 0;
        for (int b = 0; b < batches.batchesPerEpoch(); b++) {
            try (NDManager sub = trainer.getManager().newSubManager()) {
                NDList xy = batches.batch(order, 0, b, sub);
                NDArray logits = trainer.evaluate(new NDList(xy.get(0))).singletonOrThrow();
                NDArray labels = xy.get(1);
                correct += logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
                NDArray logp = logits.logSoftmax(1);
                lossSum += -logp.get(new ai.djl.ndarray.index.NDIndex().addAllDim().addPickDim(labels.reshape(-1, 1)))
                        .sum().getFloat();
            }
        }
        return new double[] {correct / (double) split.size(), lossSum / split.size()};
    }
}
