package dev.znorm.experiment.report;

import dev.znorm.experiment.run.Launch;
import java.util.List;
import java.util.Objects;

/**
 * Where each run of a grid ran: the host, the scheduler's name for the task (a Slurm array task, a
 * Kubernetes pod index) and the grid's shard, as the process that ended the run (or started it, for
 * a run not ended) recorded them. A grid filled by many machines says who made which cell.
 */
final class Placements {

    private Placements() {}

    /** Whether any run recorded its process (runs made before znorm recorded them did not). */
    static boolean recorded(List<RunRecord> runs) {
        return runs.stream().map(RunRecord::ranBy).anyMatch(Objects::nonNull);
    }

    static Table table(List<RunRecord> runs) {
        Table t = new Table(List.of("run", "status", "host", "scheduler", "shard"));
        for (RunRecord r : runs) {
            Launch l = r.ranBy();
            t.add(
                    List.of(
                            r.model() + " / " + r.method() + " / seed " + r.seed(),
                            r.status(),
                            l == null ? "not recorded" : l.host(),
                            l == null || l.scheduler() == null ? "-" : l.scheduler(),
                            l == null || l.shard() == null ? "-" : l.shard()));
        }
        return t;
    }
}
