package dev.znorm.experiment.run;

import ai.djl.training.Trainer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of an epoch: every split evaluated, its record made and eval-last.json written, a
 * one-line summary.
 */
final class EpochEnd {

    private EpochEnd() {}

    static EpochRecord evaluate(
            Task task, RunFolder folder, Trainer trainer, Position pos, double seconds)
            throws IOException {
        Map<String, Task.Evaluated> evaluated = task.evaluate(trainer);
        Map<String, Double> primary = new LinkedHashMap<>();
        Map<String, Double> evalLoss = new LinkedHashMap<>();
        Map<String, Map<String, Double>> extra = new LinkedHashMap<>();
        Map<String, Map<String, Object>> full = new LinkedHashMap<>();
        evaluated.forEach(
                (split, e) -> {
                    primary.put(split, e.primary());
                    evalLoss.put(split, e.loss());
                    e.headline()
                            .forEach(
                                    (k, v) ->
                                            extra.computeIfAbsent(k, x -> new LinkedHashMap<>())
                                                    .put(split, v));
                    full.put(split, e.full());
                });
        EpochRecord rec =
                new EpochRecord(
                        pos.epoch + 1,
                        pos.step,
                        pos.meanLoss(),
                        primary,
                        evalLoss,
                        extra,
                        seconds,
                        pos.skipped);
        folder.writeEvalLast(rec.epoch(), full);
        return rec;
    }

    static String summary(Task task, EpochRecord rec, int epochs) {
        StringBuilder s =
                new StringBuilder(
                        String.format(
                                "epoch %d/%d train loss %.4f",
                                rec.epoch(), epochs, rec.trainLoss()));
        String metricName = task.primaryMetric().equals("accuracy") ? "acc" : task.primaryMetric();
        rec.primary()
                .forEach(
                        (k, v) ->
                                s.append(String.format(", %s %s %.2f%%", k, metricName, 100 * v)));
        return s.append(String.format(" (%.1f s)", rec.epochSeconds())).toString();
    }
}
