package dev.znorm.experiment.run;

import java.nio.file.Path;

/**
 * How to carry out a run, as opposed to what it is ({@link RunSpec}).
 *
 * @param resume continue from the newest intact checkpoint in the folder (same spec and threads)
 * @param keepCheckpoints how many checkpoints to keep (>= 1)
 * @param exportParams write every parameter as .npz before the first and after the last step into
 *     this folder (null: no)
 */
public record RunOptions(
        boolean resume, int keepCheckpoints, Path exportParams, boolean overwrite) {

    public RunOptions {
        if (resume && overwrite) {
            throw new dev.znorm.experiment.BadInputException(
                    "--resume and --overwrite contradict each other: choose one");
        }
        if (keepCheckpoints < 1) {
            throw new dev.znorm.experiment.BadInputException(
                    "--keep-checkpoints must be >= 1, got " + keepCheckpoints);
        }
    }

    /** A fresh run, the last two checkpoints kept, nothing exported. */
    public static RunOptions fresh() {
        return new RunOptions(false, 2, null, false);
    }

    /** Resume where a checkpoint allows, else start; what a grid does with each of its cells. */
    public static RunOptions resumable() {
        return new RunOptions(true, 2, null, false);
    }
}
