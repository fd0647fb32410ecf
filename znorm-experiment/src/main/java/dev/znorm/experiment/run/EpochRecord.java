package dev.znorm.experiment.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.znorm.experiment.io.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One line of metrics.jsonl: the epoch's mean training loss and, per evaluation split, the headline
 * metric, the evaluation loss and the other per-epoch numbers (macro F1, ROC AUC; IoU, pixel
 * accuracy for segmentation), with the epoch's wall time and the steps skipped so far.
 *
 * <p>On disk the headline metric is written twice, as {@code primary} and under its own name
 * ({@code accuracy} or {@code dice}); the other numbers are objects keyed by split.
 */
public record EpochRecord(
        int epoch,
        long steps,
        double trainLoss,
        Map<String, Double> primary,
        Map<String, Double> evalLoss,
        Map<String, Map<String, Double>> extra,
        double epochSeconds,
        long skippedSteps) {

    private static final Set<String> FIXED =
            Set.of(
                    "epoch",
                    "steps",
                    "train_loss",
                    "primary",
                    "eval_loss",
                    "epoch_seconds",
                    "skipped_steps");

    /** The headline metric on {@code split}, NaN when absent. */
    public double primary(String split) {
        return primary.getOrDefault(split, Double.NaN);
    }

    /**
     * Another per-epoch metric on {@code split} ({@code macro_f1}, {@code roc_auc}, {@code iou},
     * ...), NaN when absent.
     */
    public double extra(String metric, String split) {
        return extra.getOrDefault(metric, Map.of()).getOrDefault(split, Double.NaN);
    }

    /** The line as written, with the headline metric also under {@code primaryMetric}. */
    public String toLine(String primaryMetric) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("steps", steps);
        m.put("train_loss", trainLoss);
        m.put("primary", primary);
        m.put(primaryMetric, primary);
        m.put("eval_loss", evalLoss);
        m.putAll(extra);
        m.put("epoch_seconds", epochSeconds);
        m.put("skipped_steps", skippedSteps);
        return Json.write(m);
    }

    /**
     * Reads a line; records of earlier versions without {@code primary} give their {@code
     * accuracy}.
     */
    public static EpochRecord parse(String line) {
        ObjectNode r = Json.parseObject(line, "metrics record");
        if (!r.path("epoch").isNumber() || !r.path("steps").isNumber()) {
            throw new IllegalArgumentException("no 'epoch' and 'steps' in record: " + line);
        }
        Map<String, Double> primary = splits(r.path("primary"));
        Map<String, Map<String, Double>> extra = new LinkedHashMap<>();
        r.fields()
                .forEachRemaining(
                        e -> {
                            if (!FIXED.contains(e.getKey()) && e.getValue().isObject()) {
                                extra.put(e.getKey(), splits(e.getValue()));
                            }
                        });
        return new EpochRecord(
                r.get("epoch").asInt(),
                r.get("steps").asLong(),
                real(r.get("train_loss")),
                primary.isEmpty() ? extra.getOrDefault("accuracy", Map.of()) : primary,
                splits(r.path("eval_loss")),
                extra,
                real(r.get("epoch_seconds")),
                r.path("skipped_steps").asLong(0));
    }

    /** A number, NaN where it is missing or null (how non-finite values are written). */
    private static double real(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    private static Map<String, Double> splits(JsonNode object) {
        Map<String, Double> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), real(e.getValue())));
        return out;
    }
}
