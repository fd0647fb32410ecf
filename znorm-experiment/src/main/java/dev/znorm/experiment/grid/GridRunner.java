package dev.znorm.experiment.grid;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.Folders;
import dev.znorm.experiment.run.ResultRecord;
import dev.znorm.experiment.run.RunConfigRecord;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunListener;
import dev.znorm.experiment.run.RunOptions;
import dev.znorm.experiment.run.RunOutcome;
import dev.znorm.experiment.run.TrainingRun;
import dev.znorm.experiment.task.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a grid's cells in its order, with the same initial weights and data order for every method
 * at a seed; finished runs are skipped and interrupted ones resumed, so it can be run again after a
 * crash or in another session. A run that fails is recorded with its reason and the others go on.
 */
public final class GridRunner {

    private final GridSpec spec;
    private final Path out;
    private final Function<String, RunListener> listeners;
    private final Consumer<String> log;
    private CellHook afterEachRun = cell -> {};

    /**
     * Called after each run the grid makes (the command line rebuilds the report there, so it grows
     * with the grid).
     */
    @FunctionalInterface
    public interface CellHook {
        void after(Cell cell) throws IOException;
    }

    /**
     * @param listeners gives each run's listener from its label ("[3/16 resnet20 adam seed 1]")
     * @param log one-line events of the grid (skipped, failed)
     */
    public GridRunner(
            GridSpec spec,
            Path out,
            Function<String, RunListener> listeners,
            Consumer<String> log) {
        this.spec = spec;
        this.out = out;
        this.listeners = listeners;
        this.log = log;
    }

    public GridRunner afterEachRun(CellHook hook) {
        this.afterEachRun = hook;
        return this;
    }

    /** What a grid run did. */
    public record Outcome(int ran, int skipped, int failed) {}

    public Outcome run() throws IOException {
        Threads.use(spec.threadsPerRun());
        Folders.requireWritable(out, "output folder");
        Datasets.Loaded data =
                Datasets.load(spec.dataset(), spec.data(), spec.imageSize(), spec.trainSubset());
        if (!data.evalSplits().contains(spec.split())) {
            throw new BadInputException(
                    spec.file()
                            + ": split '"
                            + spec.split()
                            + "' is not in the dataset; it has "
                            + data.evalSplits());
        }
        for (Cell cell : spec.cells()) {
            Datasets.task(
                    spec.runSpec(cell), data); // every cell fits the data before any of them trains
        }
        Files.copy(spec.file(), out.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING);
        int ran = 0;
        int skipped = 0;
        int failed = 0;
        for (Cell cell : spec.cells()) {
            String label =
                    String.format(
                            "[%d/%d %s %s seed %d]",
                            cell.index() + 1,
                            spec.size(),
                            cell.model(),
                            cell.method(),
                            cell.seed());
            RunFolder folder = new RunFolder(cell.dir(out));
            if (folder.readResult().map(ResultRecord::finished).orElse(false)) {
                log.accept(label + " finished earlier, skipped");
                skipped++;
                continue;
            }
            ran++;
            try {
                RunOutcome r =
                        new TrainingRun(
                                        spec.runSpec(cell),
                                        Datasets.task(spec.runSpec(cell), data),
                                        folder,
                                        RunOptions.resumable(),
                                        listeners.apply(label),
                                        label)
                                .run();
                if (!r.finished()) {
                    failed++;
                }
            } catch (BadInputException e) {
                throw e;
            } catch (RuntimeException e) {
                failed++;
                log.accept(label + " FAILED: " + e);
                AtomicFiles.write(
                        folder.resultFile(),
                        new ResultRecord(
                                                ResultRecord.FAILED,
                                                String.valueOf(e),
                                                Double.NaN,
                                                0,
                                                null,
                                                Map.of(),
                                                RunConfigRecord.SCHEMA_VERSION)
                                        .toJson()
                                + "\n");
            }
            afterEachRun.after(cell);
        }
        return new Outcome(ran, skipped, failed);
    }
}
