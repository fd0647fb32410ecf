package dev.znorm.experiment.grid;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.run.Devices;
import dev.znorm.experiment.run.RunSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A comparison grid: models x methods x seeds on one dataset, with the training settings every run
 * shares. The methods may differ per model, so one study (a wide grid on a small net, an ablation
 * on it, a pair on a deep net) is one grid and one report. Read from YAML by {@link
 * GridSpecReader}.
 *
 * @param dataAsWritten the dataset path as the config writes it (reports show it, not this
 *     machine's path)
 * @param split the evaluation split of the headline tables
 * @param targetAccuracy the headline metric's target for "epochs to target"
 */
public record GridSpec(
        Path file,
        String name,
        String dataset,
        Path data,
        String dataAsWritten,
        Map<String, List<String>> methodsByModel,
        List<Long> seeds,
        String baseline,
        int epochs,
        int batch,
        String schedule,
        int trainSubset,
        int threads,
        boolean augment,
        String split,
        double targetAccuracy,
        int gradStatsEvery,
        int imageSize,
        int width,
        String device) {

    /**
     * The same grid run with {@code newThreads} intra-op threads per run (as --threads sets it; 0:
     * every core; null keeps the config's) on {@code newDevice} (cpu, gpu, gpu:N; null keeps the
     * config's).
     */
    public GridSpec withExecution(Integer newThreads, String newDevice) {
        if (newThreads != null && newThreads < 0) {
            throw new BadInputException(
                    "--threads must be >= 0 (0: every core), got " + newThreads);
        }
        if (newDevice != null) {
            Devices.canonical(newDevice); // a wrong name is named before anything runs
        }
        return with(
                seeds,
                newThreads == null ? threads : newThreads,
                newDevice == null ? device : newDevice);
    }

    /** The same grid over other seeds ({@code compare --until-resolved} adds them). */
    public GridSpec withSeeds(List<Long> newSeeds) {
        if (newSeeds.isEmpty() || newSeeds.stream().distinct().count() != newSeeds.size()) {
            throw new BadInputException(
                    "--seeds " + newSeeds + ": give at least one seed, each once");
        }
        return with(List.copyOf(newSeeds), threads, device);
    }

    /**
     * This grid as written by its copy in {@code folder} (the comparison's output folder): a
     * relative data path is relative to the config that holds it, so a copy in another folder names
     * the same data by the path from there. Unchanged when the path is absolute or still leads to
     * the same place from {@code folder}.
     */
    public GridSpec placedIn(Path folder) {
        Path from = folder.toAbsolutePath().normalize();
        if (Path.of(dataAsWritten).isAbsolute()
                || from.resolve(dataAsWritten).normalize().equals(data)) {
            return this;
        }
        String rebased = pathFrom(from, data);
        return with(rebased.isEmpty() ? "." : rebased, seeds, threads, device);
    }

    /** {@code target}'s path from {@code folder}, with '/' between names as configs write it. */
    static String pathFrom(Path folder, Path target) {
        return folder.toAbsolutePath()
                .normalize()
                .relativize(target.toAbsolutePath().normalize())
                .toString()
                .replace(File.separatorChar, '/');
    }

    /** This grid with the settings a command line may change: seeds, threads, device. */
    private GridSpec with(List<Long> newSeeds, int newThreads, String newDevice) {
        return with(dataAsWritten, newSeeds, newThreads, newDevice);
    }

    private GridSpec with(
            String newDataAsWritten, List<Long> newSeeds, int newThreads, String newDevice) {
        return new GridSpec(
                file,
                name,
                dataset,
                data,
                newDataAsWritten,
                methodsByModel,
                newSeeds,
                baseline,
                epochs,
                batch,
                schedule,
                trainSubset,
                newThreads,
                augment,
                split,
                targetAccuracy,
                gradStatsEvery,
                imageSize,
                width,
                newDevice);
    }

    /** The models in the order written. */
    public List<String> models() {
        return List.copyOf(methodsByModel.keySet());
    }

    public List<String> methods(String model) {
        return methodsByModel.get(model);
    }

    /** How many runs the grid holds. */
    public int size() {
        return methodsByModel.values().stream().mapToInt(List::size).sum() * seeds.size();
    }

    /** Every cell in the grid's order: seeds outermost, then models, then methods. */
    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (long seed : seeds) {
            for (String model : models()) {
                for (String method : methods(model)) {
                    out.add(new Cell(out.size(), model, method, seed));
                }
            }
        }
        return out;
    }

    /** The intra-op threads each run uses (0 in the config: every core). */
    public int threadsPerRun() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** The run a cell stands for. */
    public RunSpec runSpec(Cell cell) {
        return RunSpec.builder()
                .model(cell.model())
                .dataset(dataset)
                .data(data)
                .method(cell.method())
                .schedule(schedule)
                .batch(batch)
                .epochs(epochs)
                .steps(0)
                .seed(cell.seed())
                .threads(threadsPerRun())
                .augment(augment)
                .shuffle(true)
                .trainSubset(trainSubset)
                .gradStatsEvery(gradStatsEvery)
                .stopOnNonFinite(false)
                .checkpointEvery(0)
                .imageSize(imageSize)
                .modelWidth(width)
                .device(device)
                .build();
    }
}
