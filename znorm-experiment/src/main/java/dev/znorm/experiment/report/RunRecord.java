package dev.znorm.experiment.report;

import dev.znorm.experiment.run.EpochRecord;
import dev.znorm.experiment.run.Launch;
import dev.znorm.experiment.run.MetricHistory;
import dev.znorm.experiment.run.ResultRecord;
import dev.znorm.experiment.run.RunConfigRecord;
import dev.znorm.experiment.run.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a report needs of one run folder: its status (finished, failed, interrupted, missing), the
 * failure's reason, wall time, skipped steps, epoch records, and the process that ended it (or, for
 * a run not ended, started it) and the machine it was made on, where the run recorded them.
 */
public record RunRecord(
        String model,
        String method,
        long seed,
        String status,
        String failure,
        double wallSeconds,
        long skipped,
        List<EpochRecord> epochs,
        Path dir,
        Launch ranBy,
        Map<String, Object> machine) {

    public static RunRecord read(Path dir, String model, String method, long seed)
            throws IOException {
        RunFolder folder = new RunFolder(dir);
        List<EpochRecord> epochs = folder.readEpochs();
        Optional<ResultRecord> result = folder.readResult();
        Optional<RunConfigRecord> config = folder.readConfig();
        Launch startedBy = config.map(RunConfigRecord::launch).orElse(null);
        Map<String, Object> machine = config.map(RunConfigRecord::machine).orElse(null);
        if (result.isEmpty()) {
            return new RunRecord(
                    model,
                    method,
                    seed,
                    epochs.isEmpty() ? "missing" : "interrupted",
                    null,
                    Double.NaN,
                    0,
                    epochs,
                    dir,
                    startedBy,
                    machine);
        }
        ResultRecord r = result.get();
        return new RunRecord(
                model,
                method,
                seed,
                r.status(),
                r.failure(),
                r.wallSeconds(),
                r.skippedSteps(),
                epochs,
                dir,
                r.finishedBy() != null ? r.finishedBy() : startedBy,
                machine);
    }

    public boolean ok() {
        return ResultRecord.FINISHED.equals(status);
    }

    public MetricHistory history() {
        return new MetricHistory(epochs);
    }

    public double finalValue(String split) {
        return history().finalValue(split);
    }

    /**
     * A per-epoch number other than the headline ({@code macro_f1}, {@code roc_auc}, {@code iou})
     * after the last epoch.
     */
    public double lastExtra(String metric, String split) {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).extra(metric, split);
    }
}
