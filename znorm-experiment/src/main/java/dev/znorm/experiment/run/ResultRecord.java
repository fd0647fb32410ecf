package dev.znorm.experiment.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.znorm.experiment.io.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's result.json, written when it ends: finished or failed (with the reason), its wall time
 * over every session it ran in (without the time its processes were held stopped, by SIGSTOP or a
 * suspended machine, which is given apart), the skipped steps, the headline metric's final, best
 * and last-3 values per split, and the process that ended it.
 */
public record ResultRecord(
        String status,
        String failure,
        double wallSeconds,
        double stoppedSeconds,
        long skippedSteps,
        String primaryMetric,
        Map<String, MetricHistory.Summary> finals,
        Launch finishedBy,
        int schemaVersion) {

    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";

    /**
     * The record of a run that ended: its status, wall time, skipped steps and the final, best and
     * last-3 metric.
     */
    public static ResultRecord of(RunOutcome outcome, String primaryMetric, Launch by) {
        Map<String, MetricHistory.Summary> finals = new LinkedHashMap<>();
        List<EpochRecord> epochs = outcome.epochs();
        for (String split :
                epochs.isEmpty()
                        ? List.<String>of()
                        : List.copyOf(epochs.get(0).primary().keySet())) {
            finals.put(split, outcome.history().summary(split));
        }
        return new ResultRecord(
                outcome.status(),
                outcome.failure(),
                outcome.wallSeconds(),
                outcome.stoppedSeconds(),
                outcome.skippedSteps(),
                primaryMetric,
                finals,
                by,
                RunConfigRecord.SCHEMA_VERSION);
    }

    /** A run that failed outside its loop (an error the grid caught), with the reason. */
    public static ResultRecord failed(String reason, Launch by) {
        return new ResultRecord(
                FAILED,
                reason,
                Double.NaN,
                0,
                0,
                null,
                Map.of(),
                by,
                RunConfigRecord.SCHEMA_VERSION);
    }

    public boolean finished() {
        return FINISHED.equals(status);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("failure", failure);
        m.put("wall_seconds", wallSeconds);
        m.put("stopped_seconds", stoppedSeconds);
        m.put("skipped_steps", skippedSteps);
        m.put("primary_metric", primaryMetric);
        Map<String, Object> byName = new LinkedHashMap<>();
        finals.forEach(
                (split, s) ->
                        byName.put(
                                split,
                                Json.object(
                                        "final",
                                        s.finalValue(),
                                        "best",
                                        s.best(),
                                        "mean_last_3",
                                        s.meanOfLast3())));
        m.put(primaryMetric == null ? "accuracy" : primaryMetric, byName);
        if (finishedBy != null) {
            m.put("finished_by", finishedBy);
        }
        m.put("schema_version", schemaVersion);
        return Json.write(m);
    }

    /**
     * Reads what every version wrote: status, failure, wall time, skipped steps (and who finished
     * it, when recorded).
     */
    public static ResultRecord fromJson(ObjectNode r) {
        JsonNode by = r.get("finished_by");
        Launch launch = null;
        if (by != null && by.isObject()) {
            try {
                launch = Json.MAPPER.treeToValue(by, Launch.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                launch = null;
            }
        }
        return new ResultRecord(
                r.path("status").asText("unknown"),
                r.path("failure").isNull() || r.path("failure").isMissingNode()
                        ? null
                        : r.path("failure").asText(),
                r.path("wall_seconds").isNumber() ? r.path("wall_seconds").asDouble() : Double.NaN,
                r.path("stopped_seconds").asDouble(0), // not recorded before 2026-11-30
                r.path("skipped_steps").asLong(0),
                r.path("primary_metric").asText(null),
                Map.of(),
                launch,
                r.path("schema_version").asInt(1));
    }
}
