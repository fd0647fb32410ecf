package dev.znorm.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.Map;

/**
 * What differs between a classification and a segmentation run: network, loss, batches and
 * evaluation. {@link TrainingRun} owns everything else (loop, checkpoints, resume, records).
 */
interface Task {

    /** The name of the headline metric ("accuracy", "dice"). */
    String primaryMetric();

    /** Facts recorded in config.json (classes, input shape, normalisation, split, ...). */
    Map<String, Object> describe();

    /** (1, channels, height, width). */
    Shape inputShape();

    Block network(String model);

    Loss loss();

    int batchesPerEpoch();

    int[] order(int epoch);

    NDList batch(int[] order, int epoch, int index, NDManager manager);

    /** Every evaluation split's metrics, in inference mode. */
    Map<String, Evaluated> evaluate(Trainer trainer);

    /** One split's evaluation: the headline metric, the loss, other per-epoch numbers, and everything. */
    record Evaluated(double primary, double loss, Map<String, Double> headline, Map<String, Object> full) {}
}
