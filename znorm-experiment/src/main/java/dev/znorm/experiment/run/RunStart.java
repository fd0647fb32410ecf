package dev.znorm.experiment.run;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * What a run does with its folder before the first step, holding the folder's lock: a fresh run
 * refuses a folder that holds another run (unless told to overwrite it), a resumed one checks that
 * the recorded config describes the same run; leftovers of interrupted writes are removed.
 */
final class RunStart {

    private RunStart() {}

    /**
     * The outcome of a run to resume that is finished already (by an earlier command, or by another
     * process of its grid since this one decided to resume it; read holding the folder's lock).
     */
    static Optional<RunOutcome> finishedMeanwhile(
            RunSpec spec,
            RunFolder folder,
            RunConfigRecord config,
            RunOptions options,
            RunListener listener,
            String label)
            throws IOException {
        Optional<ResultRecord> done =
                options.resume()
                        ? folder.readResult().filter(ResultRecord::finished)
                        : Optional.empty();
        if (done.isEmpty()) {
            return Optional.empty();
        }
        Resume.checkSameRun(folder, config, listener, label);
        listener.message(label + " " + folder.dir() + " holds the finished run; nothing to do");
        return Optional.of(
                new RunOutcome(
                        spec,
                        folder.readEpochs(),
                        done.get().wallSeconds(),
                        done.get().stoppedSeconds(),
                        done.get().skippedSteps(),
                        ResultRecord.FINISHED,
                        null));
    }

    /**
     * Returns whether the run resumes from the folder (else it starts anew, its config written).
     */
    static boolean prepare(
            RunFolder folder,
            RunConfigRecord config,
            RunOptions options,
            RunListener listener,
            String label)
            throws IOException {
        AtomicFiles.removeLeftovers(folder.dir());
        AtomicFiles.removeLeftovers(folder.checkpointDir());
        String held = folder.contents();
        if (options.resume()) {
            if (Files.exists(folder.configFile())) {
                Resume.checkSameRun(folder, config, listener, label);
                return true;
            }
            if (!held.isEmpty()) {
                throw new BadInputException(
                        folder.dir()
                                + " holds "
                                + held
                                + " but no config.json, so nothing says which"
                                + " run they belong to; move them away, or start anew with --overwrite");
            }
            listener.message(
                    label + " --resume: " + folder.dir() + " holds no run yet; starting one");
        } else if (!held.isEmpty()) {
            if (!options.overwrite()) {
                throw new BadInputException(
                        folder.dir()
                                + " holds a run already ("
                                + held
                                + "); continue it with --resume,"
                                + " start anew with --overwrite (its records and checkpoints are deleted), or use another --out");
            }
            listener.message(
                    label
                            + " --overwrite: deleting the run in "
                            + folder.dir()
                            + " ("
                            + held
                            + ")");
            folder.clear();
        }
        folder.writeConfig(config);
        return false;
    }
}
