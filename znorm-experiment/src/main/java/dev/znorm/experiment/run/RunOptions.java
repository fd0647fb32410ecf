package dev.znorm.experiment.run;

import dev.znorm.experiment.BadInputException;
import java.nio.file.Path;

/**
 * How to carry out a run, as opposed to what it is ({@link RunSpec}).
 *
 * @param resume continue from the newest intact checkpoint in the folder (same spec and threads)
 * @param keepCheckpoints how many checkpoints to keep (>= 1)
 * @param exportParams write every parameter as .npz before the first and after the last step into
 *     this folder (null: no)
 * @param overwrite start anew in a folder that holds a run, deleting its records and checkpoints
 * @param launch the process that makes the run, recorded in its config and result
 * @param showcase write what a report shows beyond numbers (segmentation: predicted masks on a few
 *     held-out slices) when the run ends; a grid asks it of its first seed's runs
 */
public record RunOptions(
        boolean resume,
        int keepCheckpoints,
        Path exportParams,
        boolean overwrite,
        Launch launch,
        boolean showcase) {

    public RunOptions {
        if (resume && overwrite) {
            throw new BadInputException(
                    "--resume and --overwrite contradict each other: choose one");
        }
        if (keepCheckpoints < 1) {
            throw new BadInputException("--keep-checkpoints must be >= 1, got " + keepCheckpoints);
        }
    }

    /** Options for a run this process makes on its own (not as a shard of a grid). */
    public RunOptions(boolean resume, int keepCheckpoints, Path exportParams, boolean overwrite) {
        this(resume, keepCheckpoints, exportParams, overwrite, Launch.current(null), false);
    }

    /** A fresh run, the last two checkpoints kept, nothing exported. */
    public static RunOptions fresh() {
        return new RunOptions(false, 2, null, false);
    }

    /** Resume where a checkpoint allows, else start; what a grid does with each of its cells. */
    public static RunOptions resumable() {
        return new RunOptions(true, 2, null, false);
    }

    /** The same options for a run made by a grid's shard. */
    public RunOptions inShard(String shard) {
        return new RunOptions(
                resume, keepCheckpoints, exportParams, overwrite, Launch.current(shard), showcase);
    }

    /** The same options, the showcase written (or not) at the end. */
    public RunOptions withShowcase(boolean write) {
        return new RunOptions(resume, keepCheckpoints, exportParams, overwrite, launch, write);
    }
}
