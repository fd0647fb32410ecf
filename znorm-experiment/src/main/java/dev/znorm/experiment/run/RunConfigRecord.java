package dev.znorm.experiment.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.znorm.experiment.env.GitInfo;
import dev.znorm.experiment.env.MachineInfo;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.Json;
import java.util.Map;

/**
 * A run's config.json: its {@link RunSpec}, its {@link DataDescription}, the headline metric and
 * the environment it ran in (versions, thread count, git commit, machine, the launching process),
 * with the schema version of the run folder. Spec and description come first, flat, as earlier
 * versions wrote them, so old run folders read as records of schema version 1.
 */
public record RunConfigRecord(
        RunSpec spec,
        DataDescription data,
        String primaryMetric,
        String djlVersion,
        String engine,
        int intraOpThreads,
        String gitCommit,
        Map<String, Object> machine,
        Launch launch,
        int schemaVersion) {

    /** The layout written by this version: typed records, schema_version, machine, launch. */
    public static final int SCHEMA_VERSION = 2;

    /**
     * The record of a run about to start here: its spec, its data, and this machine, engine, commit
     * and process.
     */
    public static RunConfigRecord current(
            RunSpec spec, DataDescription data, String primaryMetric, Launch launch) {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getInstance();
        return new RunConfigRecord(
                spec,
                data,
                primaryMetric,
                ai.djl.engine.Engine.getDjlVersion(),
                engine.getEngineName() + " " + engine.getVersion(),
                Threads.current(),
                GitInfo.commit(),
                MachineInfo.current(),
                launch,
                SCHEMA_VERSION);
    }

    /** The flat JSON object of config.json. */
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.valueToTree(spec);
        n.setAll((ObjectNode) Json.MAPPER.valueToTree(data));
        n.put("primary_metric", primaryMetric);
        n.put("djl_version", djlVersion);
        n.put("engine", engine);
        n.put("intra_op_threads", intraOpThreads);
        n.put("git_commit", gitCommit);
        if (machine != null) {
            n.set("machine", Json.MAPPER.valueToTree(machine));
        }
        if (launch != null) {
            n.set("launch", Json.MAPPER.valueToTree(launch));
        }
        n.put("schema_version", schemaVersion);
        return n;
    }

    /**
     * Reads config.json's object; fields a version did not write are null (or 1 for the schema
     * version).
     */
    @SuppressWarnings("unchecked")
    public static RunConfigRecord fromJson(ObjectNode n) throws JsonProcessingException {
        RunSpec spec = Json.MAPPER.treeToValue(n, RunSpec.class);
        DataDescription data = Json.MAPPER.treeToValue(n, DataDescription.class);
        JsonNode machine = n.get("machine");
        JsonNode launch = n.get("launch");
        return new RunConfigRecord(
                spec,
                data,
                n.path("primary_metric").asText("accuracy"),
                n.path("djl_version").asText(null),
                n.path("engine").asText(null),
                n.path("intra_op_threads").asInt(0),
                n.path("git_commit").asText(null),
                machine == null || !machine.isObject()
                        ? null
                        : Json.MAPPER.convertValue(machine, Map.class),
                launch == null || !launch.isObject()
                        ? null
                        : Json.MAPPER.treeToValue(launch, Launch.class),
                n.path("schema_version").asInt(1));
    }

    /** Whether the run is a segmentation (its headline metric is Dice). */
    public boolean isSegmentation() {
        return "dice".equals(primaryMetric);
    }
}
