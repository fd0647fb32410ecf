package dev.znorm.experiment.run;

/** What a run reports as it goes; the command line prints it, a program may ignore it. */
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener SILENT = new RunListener() {};

    /** A one-line event: resumed, a damaged checkpoint skipped, the machine kind changed. */
    default void message(String line) {}

    /** After every step. */
    default void step(StepProgress progress) {}

    /** After every epoch's evaluation, with a one-line summary. */
    default void epoch(EpochRecord record, String summary) {}

    /**
     * Where a run stands after a step.
     *
     * @param meanLoss the mean training loss of the epoch so far (NaN before the first finite one)
     * @param fraction of the whole run done, counted from where this session started
     */
    record StepProgress(
            int epoch,
            int epochs,
            int batch,
            int batches,
            double meanLoss,
            double imagesPerSecond,
            double fraction,
            double seconds) {}
}
