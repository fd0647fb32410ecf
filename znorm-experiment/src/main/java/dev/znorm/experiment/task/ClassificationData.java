package dev.znorm.experiment.task;

import dev.znorm.data.ImageSet;
import java.util.Map;

/**
 * A classification dataset: the training split and the held-out splits to evaluate on, by name
 * ("val", "test").
 */
public record ClassificationData(ImageSet train, Map<String, ImageSet> eval) {}
