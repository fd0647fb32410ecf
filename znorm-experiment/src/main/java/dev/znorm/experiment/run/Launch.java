package dev.znorm.experiment.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Which process made (or continued) a run: its host and pid, the shard of a grid it worked on and
 * the scheduler's name for it (a Slurm array task, a Kubernetes pod index), for reports that say
 * where each cell ran.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Launch(String host, long pid, String shard, String scheduler) {

    /** This process, as its environment describes it. */
    public static Launch current(String shard) {
        Map<String, String> env = System.getenv();
        String scheduler = null;
        if (env.containsKey("SLURM_ARRAY_JOB_ID")) {
            scheduler =
                    "slurm "
                            + env.get("SLURM_ARRAY_JOB_ID")
                            + "_"
                            + env.getOrDefault("SLURM_ARRAY_TASK_ID", "?");
        } else if (env.containsKey("SLURM_JOB_ID")) {
            scheduler = "slurm " + env.get("SLURM_JOB_ID");
        } else if (env.containsKey("JOB_COMPLETION_INDEX")) {
            scheduler = "kubernetes index " + env.get("JOB_COMPLETION_INDEX");
        }
        return new Launch(
                dev.znorm.experiment.env.MachineInfo.host(),
                ProcessHandle.current().pid(),
                shard,
                scheduler);
    }

    /** "node-3 (slurm 1234_5, shard 5/16)", for reports. */
    public String describe() {
        StringBuilder s = new StringBuilder(host);
        if (scheduler != null || shard != null) {
            s.append(" (");
            if (scheduler != null) {
                s.append(scheduler);
            }
            if (shard != null) {
                s.append(scheduler != null ? ", " : "").append("shard ").append(shard);
            }
            s.append(')');
        }
        return s.toString();
    }
}
