package dev.znorm.experiment.report;

import dev.znorm.experiment.io.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** summary.json: the model's numbers, keys in a fixed order. */
public final class SummaryJson {

    private SummaryJson() {}

    public static String render(ReportModel m) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", m.spec().name());
        summary.put("split", m.spec().split());
        summary.put("baseline", m.spec().baseline());
        summary.put("seeds", m.spec().seeds());
        summary.put("target_accuracy", m.spec().targetAccuracy());
        Map<String, Object> models = new LinkedHashMap<>();
        Map<String, Object> classF1 = new LinkedHashMap<>();
        Map<String, Object> speed = new LinkedHashMap<>();
        Map<String, Object> headToHead = new LinkedHashMap<>();
        for (ReportModel.Network n : m.networks()) {
            models.put(
                    n.model(), MethodResults.summary(n.results(), m.spec().split(), m.metrics()));
            if (!n.classF1().isEmpty()) {
                classF1.put(n.model(), ClassF1.summary(n.classF1(), m.spec().baseline()));
            }
            speed.put(n.model(), SpeedToTarget.summary(n.speed()));
            if (!n.headToHead().isEmpty()) {
                headToHead.put(n.model(), HeadToHead.summary(n.headToHead()));
            }
        }
        summary.put("models", models);
        summary.put("class_f1", classF1);
        summary.put("epochs_to_target_vs_baseline", speed);
        summary.put("head_to_head", headToHead);
        if (!m.shortcuts().isEmpty()) {
            summary.put("shortcut_interaction", ShortcutInteraction.summary(m.shortcuts()));
        }
        if (m.sequential() != null) {
            summary.put("until_resolved", m.sequential());
        }
        summary.put(
                "not_finished",
                m.notFinished().stream()
                        .map(
                                r ->
                                        Json.object(
                                                "model",
                                                r.model(),
                                                "method",
                                                r.method(),
                                                "seed",
                                                r.seed(),
                                                "status",
                                                r.status(),
                                                "failure",
                                                r.failure() == null ? "" : r.failure()))
                        .toList());
        return Json.write(summary) + "\n";
    }
}
