package dev.znorm.experiment.task;

/**
 * The metrics a dataset kind is judged by, for records and reports: the headline (accuracy, or Dice
 * for segmentation) and the second number beside it (macro F1, or IoU).
 *
 * @param primaryKey the key in run records ({@code accuracy}, {@code dice})
 * @param primaryLabel how reports name it
 * @param secondaryKey the key of the second number in metrics lines ({@code macro_f1}, {@code iou})
 * @param secondaryLabel how reports name it
 */
public record MetricNames(
        String primaryKey, String primaryLabel, String secondaryKey, String secondaryLabel) {

    private static final MetricNames CLASSIFICATION =
            new MetricNames("accuracy", "accuracy", "macro_f1", "macro F1");
    private static final MetricNames SEGMENTATION = new MetricNames("dice", "Dice", "iou", "IoU");

    /** The metrics of a dataset kind (segmentation for lgg, classification for the others). */
    public static MetricNames of(String datasetKind) {
        return Datasets.isSegmentation(datasetKind) ? SEGMENTATION : CLASSIFICATION;
    }
}
