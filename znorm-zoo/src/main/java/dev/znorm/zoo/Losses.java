package dev.znorm.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The losses of the studies: softmax cross-entropy (DJL's), binary cross-entropy on logits, soft
 * Dice and BCE + Dice for segmentation. Segmentation losses take logits (N, 1, H, W) and a {0, 1}
 * mask of the same shape.
 */
public final class Losses {

    private Losses() {}

    public static Loss softmaxCrossEntropy() {
        return Loss.softmaxCrossEntropyLoss();
    }

    /**
     * mean(max(x, 0) - x y + log(1 + exp(-|x|))), the numerically stable BCE on logits (as torch).
     */
    public static NDArray bceWithLogits(NDArray logits, NDArray target) {
        NDArray relu = logits.maximum(0);
        NDArray softplus = logits.abs().neg().exp().add(1).log();
        return relu.sub(logits.mul(target)).add(softplus).mean();
    }

    /**
     * 1 - (2 sum(p y) + s) / (sum(p) + sum(y) + s) with p = sigmoid(logits), over the whole batch,
     * smoothing s = 1 (as Buda et al.'s DiceLoss).
     */
    public static NDArray softDice(NDArray logits, NDArray target) {
        NDArray p = logits.getNDArrayInternal().sigmoid();
        NDArray inter = p.mul(target).sum();
        NDArray denom = p.sum().add(target.sum()).add(1);
        return inter.mul(2).add(1).div(denom).neg().add(1);
    }

    /** A DJL {@link Loss} for BCE on logits + soft Dice, for segmentation training. */
    public static Loss bceDice() {
        return new SegmentationLoss("bce_dice", true, true);
    }

    public static Loss bce() {
        return new SegmentationLoss("bce", true, false);
    }

    public static Loss dice() {
        return new SegmentationLoss("dice", false, true);
    }

    private static final class SegmentationLoss extends Loss {
        private final boolean bce;
        private final boolean dice;

        SegmentationLoss(String name, boolean bce, boolean dice) {
            super(name);
            this.bce = bce;
            this.dice = dice;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray logits = predictions.singletonOrThrow();
            NDArray target = labels.singletonOrThrow().toType(logits.getDataType(), false);
            if (!target.getShape().equals(logits.getShape())) {
                throw new IllegalArgumentException(
                        "mask shape "
                                + target.getShape()
                                + " differs from the"
                                + " prediction's "
                                + logits.getShape());
            }
            NDArray loss = null;
            if (bce) {
                loss = bceWithLogits(logits, target);
            }
            if (dice) {
                NDArray d = softDice(logits, target);
                loss = loss == null ? d : loss.add(d);
            }
            return loss;
        }
    }
}
