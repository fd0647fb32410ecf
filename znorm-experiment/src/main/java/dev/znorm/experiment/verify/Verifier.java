package dev.znorm.experiment.verify;

import dev.znorm.data.Seeds;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.MachineInfo;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.grid.GridFolder;
import dev.znorm.experiment.grid.GridSpecReader;
import dev.znorm.experiment.report.PairedStats;
import dev.znorm.experiment.run.EpochRecord;
import dev.znorm.experiment.run.ResultRecord;
import dev.znorm.experiment.run.RunConfigRecord;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunListener;
import dev.znorm.experiment.run.RunOptions;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.TrainingRun;
import dev.znorm.experiment.task.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code znorm verify}: re-runs cells of a published grid from their recorded configs (same seed,
 * same thread count, the same data) and sets each against its record: bit-identical on the
 * recording kind of machine, else how far the final metric moved, against the spread of that cell's
 * method over seeds.
 */
public final class Verifier {

    /**
     * Where the data is when the recorded path is not (null: as recorded), how many seed standard
     * deviations a difference may be, and where the re-runs go.
     */
    public record Options(Path data, double tolerance, Path work) {
        public Options {
            if (!(tolerance >= 0)) {
                throw new BadInputException("--tolerance must be >= 0, got " + tolerance);
            }
        }
    }

    private Verifier() {}

    /** The finished cells of a grid folder, in a fixed order. */
    public static List<CellRef> cells(Path grid) throws IOException {
        Path runs = grid.resolve("runs");
        if (!Files.isDirectory(runs)) {
            throw new BadInputException(grid + " is not a comparison folder (it has no runs/)");
        }
        List<CellRef> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(runs, 4)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().equals("config.json"))
                            .sorted()
                            .toList()) {
                RunFolder folder = new RunFolder(f.getParent());
                if (folder.readResult().map(ResultRecord::finished).orElse(false)) {
                    RunSpec s = folder.readConfig().orElseThrow().spec();
                    out.add(new CellRef(s.model(), s.method(), s.seed()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(grid + " holds no finished run to verify");
        }
        return out;
    }

    /** {@code n} of {@code all}, drawn by {@code seed}, in their order. */
    public static List<CellRef> choose(List<CellRef> all, int n, long seed) {
        if (n < 1) {
            throw new BadInputException("--cells must be >= 1, got " + n);
        }
        int[] order = Seeds.permutation(all.size(), seed, true);
        int[] picked = Arrays.copyOf(order, Math.min(n, all.size()));
        Arrays.sort(picked);
        return Arrays.stream(picked).mapToObj(all::get).toList();
    }

    /** Re-runs {@code cell} of {@code grid} and compares it with its record. */
    public static CellCheck verify(
            Path grid, CellRef cell, Options o, Function<String, RunListener> listeners)
            throws IOException {
        RunFolder record = new RunFolder(cell.dir(grid));
        RunConfigRecord config =
                record.readConfig()
                        .orElseThrow(
                                () ->
                                        new BadInputException(
                                                record.dir() + " holds no run (no config.json)"));
        if (!record.readResult().map(ResultRecord::finished).orElse(false)) {
            throw new BadInputException(record.dir() + " holds no finished run to verify");
        }
        RunSpec spec = config.spec();
        if (o.data() != null) {
            spec = spec.withData(o.data());
        } else if (!Files.exists(spec.data())) {
            throw new BadInputException(
                    record.configFile()
                            + " names the data at "
                            + spec.data()
                            + ", which is not here: give its place with --data");
        }
        Threads.use(spec.threads());
        String label = "[verify " + cell + "]";
        RunFolder again = new RunFolder(o.work().resolve(grid.relativize(cell.dir(grid))));
        new TrainingRun(
                        spec,
                        Datasets.task(spec, Datasets.load(spec)),
                        again,
                        new RunOptions(false, 1, null, true),
                        listeners.apply(label),
                        label)
                .run();
        // both read back from their files, so they are compared as the records hold them
        List<EpochRecord> before = record.readEpochs();
        List<EpochRecord> after = again.readEpochs();
        String split = split(grid, before);
        return new CellCheck(
                cell,
                split,
                last(before, split),
                last(after, split),
                seedStd(grid, cell, split),
                sameRecords(before, after),
                sameKind(config.machine(), MachineInfo.current()),
                o.tolerance());
    }

    /** Every epoch's loss and metrics equal bit for bit (timings aside). */
    static boolean sameRecords(List<EpochRecord> a, List<EpochRecord> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            EpochRecord x = a.get(i);
            EpochRecord y = b.get(i);
            if (Double.compare(x.trainLoss(), y.trainLoss()) != 0
                    || !x.primary().equals(y.primary())
                    || !x.evalLoss().equals(y.evalLoss())
                    || !x.extra().equals(y.extra())) {
                return false;
            }
        }
        return true;
    }

    /** The grid's headline split, else the first the records name. */
    private static String split(Path grid, List<EpochRecord> epochs) {
        if (Files.exists(grid.resolve(GridFolder.CONFIG))) {
            return GridSpecReader.read(grid.resolve(GridFolder.CONFIG)).split();
        }
        return epochs.isEmpty() ? "test" : epochs.get(0).primary().keySet().iterator().next();
    }

    private static double last(List<EpochRecord> epochs, String split) {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).primary(split);
    }

    /** The standard deviation over seeds of the cell's method's final metric in the grid. */
    private static double seedStd(Path grid, CellRef cell, String split) throws IOException {
        List<Double> finals = new ArrayList<>();
        for (CellRef c : cells(grid)) {
            if (c.model().equals(cell.model()) && c.method().equals(cell.method())) {
                finals.add(last(new RunFolder(c.dir(grid)).readEpochs(), split));
            }
        }
        return PairedStats.of(finals.stream().mapToDouble(Double::doubleValue).toArray()).std();
    }

    /** The same CPU model, signature, libtorch kernels and instruction sets. */
    static boolean sameKind(Map<String, Object> recorded, Map<String, Object> here) {
        if (recorded == null) {
            return false;
        }
        for (String k :
                List.of("cpu_model", "cpu_signature", "libtorch_cpu_capability", "cpu_flags")) {
            if (!Objects.equals(String.valueOf(recorded.get(k)), String.valueOf(here.get(k)))) {
                return false;
            }
        }
        return true;
    }
}
