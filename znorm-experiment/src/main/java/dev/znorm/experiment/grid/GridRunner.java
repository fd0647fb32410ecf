package dev.znorm.experiment.grid;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.FolderInUseException;
import dev.znorm.experiment.io.Folders;
import dev.znorm.experiment.run.DataDescription;
import dev.znorm.experiment.run.Devices;
import dev.znorm.experiment.run.ResultRecord;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunListener;
import dev.znorm.experiment.run.RunOptions;
import dev.znorm.experiment.run.RunOutcome;
import dev.znorm.experiment.run.Task;
import dev.znorm.experiment.run.TrainingRun;
import dev.znorm.experiment.task.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs a grid's cells in its order, with the same initial weights and data order for every method
 * at a seed. Before anything trains, every cell is checked: that its model fits the data, and that
 * a run its folder holds was made with the grid's settings ({@link GridPlan}). Finished runs are
 * skipped and interrupted ones resumed, so the grid can be run again after a crash, in another
 * session, or by several processes at once: a cell another live process holds (its run folder's
 * lock) is left to it. A run that fails is recorded with its reason and the others go on.
 */
public final class GridRunner {

    private final GridSpec spec;
    private final Path out;
    private final Function<String, RunListener> listeners;
    private final Consumer<String> log;
    private CellHook afterEachRun = cell -> {};
    private Predicate<Cell> mine = cell -> true;
    private Shard shard;
    private boolean rerunChanged;

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

    /**
     * Runs only the cells of {@code shard}; the others are left to other processes (recorded in
     * each run).
     */
    public GridRunner shard(Shard shard) {
        this.shard = shard;
        return only(shard::contains);
    }

    /** Runs only the cells {@code which} accepts; the others are left to other processes. */
    public GridRunner only(Predicate<Cell> which) {
        this.mine = which;
        return this;
    }

    /**
     * Runs again, from scratch, the cells whose folders hold runs made with other settings (else
     * such a grid is refused).
     */
    public GridRunner rerunChanged(boolean yes) {
        this.rerunChanged = yes;
        return this;
    }

    /** What a grid run did; {@code busy} counts cells left to other live processes. */
    public record Outcome(int ran, int skipped, int failed, int busy) {}

    /** The checked grid: each cell's task and data description, and the plan. */
    private record Prepared(
            Map<Cell, Task> tasks, Map<Cell, DataDescription> described, GridPlan plan) {}

    /**
     * Everything {@link #run} checks before its first cell trains (data, networks, device, the
     * folder's earlier runs), and the grid's config written: what a parent of several grid
     * processes does before starting them.
     */
    public void check() throws IOException {
        prepare();
    }

    public Outcome run() throws IOException {
        Prepared p = prepare();
        return runCells(p.tasks(), p.described(), p.plan());
    }

    private Prepared prepare() throws IOException {
        Threads.use(spec.threadsPerRun());
        Folders.checkWritable(out, "output folder");
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
        Map<Cell, Task> tasks = new LinkedHashMap<>();
        Map<Cell, DataDescription> described = new LinkedHashMap<>();
        for (Cell cell : spec.cells()) { // every cell fits the data before any of them trains
            Task task = Datasets.task(spec.runSpec(cell), data);
            tasks.put(cell, task);
            described.put(cell, task.describe());
        }
        GridPlan plan = GridPlan.of(spec, out, described);
        List<GridPlan.CellState> changed =
                plan.changed().stream().filter(s -> mine.test(s.cell())).toList();
        if (!changed.isEmpty() && !rerunChanged) {
            throw new BadInputException(
                    out
                            + " holds runs made with other settings than "
                            + spec.file()
                            + " says ("
                            + changed.size()
                            + " of "
                            + spec.size()
                            + "): "
                            + changed.stream()
                                    .limit(5)
                                    .map(s -> s.cell().dir(out) + ": " + s.change())
                                    .collect(Collectors.joining("; "))
                            + (changed.size() > 5 ? "; ..." : "")
                            + ". Use another --out, or --rerun-changed to run them again"
                            + " (their records are replaced)");
        }
        Devices.of(spec.runSpec(spec.cells().get(0))); // a missing GPU, before anything is written
        Folders.requireWritable(out, "output folder");
        GridFolder.writeConfig(spec, out);
        return new Prepared(tasks, described, plan);
    }

    private Outcome runCells(
            Map<Cell, Task> tasks, Map<Cell, DataDescription> described, GridPlan plan)
            throws IOException {
        int ran = 0;
        int skipped = 0;
        int failed = 0;
        int busy = 0;
        for (Cell cell : spec.cells()) {
            if (!mine.test(cell)) {
                continue;
            }
            String label =
                    String.format(
                            "[%d/%d %s %s seed %d]",
                            cell.index() + 1,
                            spec.size(),
                            cell.model(),
                            cell.method(),
                            cell.seed());
            RunFolder folder = new RunFolder(cell.dir(out));
            // read again: other processes on this grid may have made the cell since the plan
            GridPlan.Status status =
                    GridPlan.stateOf(spec, out, cell, described.get(cell)).status();
            if (status == GridPlan.Status.DONE) {
                log.accept(label + " finished earlier, skipped");
                skipped++;
                continue;
            }
            if (status == GridPlan.Status.CHANGED && plan.status(cell) != GridPlan.Status.CHANGED) {
                log.accept(
                        label
                                + " "
                                + folder.dir()
                                + " was filled with other settings by another process"
                                + " meanwhile; left alone");
                failed++;
                continue;
            }
            RunOptions options =
                    status == GridPlan.Status.CHANGED
                            ? new RunOptions(false, 2, null, true)
                            : RunOptions.resumable();
            options =
                    options.inShard(shard == null ? null : shard.toString())
                            .withShowcase(cell.seed() == spec.seeds().get(0));
            try {
                RunOutcome r =
                        new TrainingRun(
                                        spec.runSpec(cell),
                                        tasks.get(cell),
                                        folder,
                                        options,
                                        listeners.apply(label),
                                        label)
                                .run();
                ran++;
                failed += r.finished() ? 0 : 1;
            } catch (FolderInUseException e) {
                log.accept(
                        label
                                + " "
                                + e.getMessage()
                                        .replace(folder.dir() + " is in use by", "is being run by")
                                + "; skipped");
                busy++;
                continue;
            } catch (BadInputException e) {
                throw e;
            } catch (RuntimeException e) {
                ran++;
                failed++;
                log.accept(label + " FAILED: " + e);
                AtomicFiles.write(
                        folder.resultFile(),
                        ResultRecord.failed(String.valueOf(e), options.launch()).toJson() + "\n");
            }
            afterEachRun.after(cell);
        }
        return new Outcome(ran, skipped, failed, busy);
    }

    /** Whether {@code dir} holds the copy of a grid's config that {@link #run} writes. */
    public static boolean isGridFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(GridFolder.CONFIG));
    }
}
