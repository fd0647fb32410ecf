package dev.znorm.experiment.run;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.znorm.data.BatchSource;
import java.util.Map;

/**
 * What differs between a classification and a segmentation run: network, loss, batches and
 * evaluation. The training loop owns everything else (checkpoints, resume, records).
 */
public interface Task {

    /** The name of the headline metric ("accuracy", "dice"). */
    String primaryMetric();

    /** Facts recorded in config.json (classes, input shape, normalisation, patients, ...). */
    DataDescription describe();

    /** (1, channels, height, width). */
    Shape inputShape();

    Block network(String model);

    Loss loss();

    /** The training batches (order and augmentation from the run's seed). */
    BatchSource batches();

    /**
     * Writes what a report shows of the trained network beyond its numbers into {@code dir}
     * (segmentation: predicted masks on a few held-out slices); nothing by default.
     */
    default void showcase(Trainer trainer, java.nio.file.Path dir) throws java.io.IOException {}

    /** Every evaluation split's metrics, in inference mode. */
    Map<String, Evaluated> evaluate(Trainer trainer);

    /**
     * One split's evaluation: the headline metric, the loss, the other per-epoch numbers, and
     * everything.
     */
    record Evaluated(
            double primary, double loss, Map<String, Double> headline, Map<String, Object> full) {}
}
