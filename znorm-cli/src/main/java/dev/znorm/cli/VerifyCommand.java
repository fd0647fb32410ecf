package dev.znorm.cli;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.io.Folders;
import dev.znorm.experiment.io.Json;
import dev.znorm.experiment.verify.CellCheck;
import dev.znorm.experiment.verify.CellRef;
import dev.znorm.experiment.verify.Verifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code znorm verify RESULT_DIR}: re-runs cells of a published comparison from their recorded
 * configs and says, per cell, whether the final metrics are bit-identical, and if not how far they
 * moved against the spread over seeds. Exit 0 when every cell is identical or within tolerance.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description =
                "Re-run cells of a comparison from their recorded configs and check them against the"
                        + " record: bit-identical, or within --tolerance seed standard deviations.")
public final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The comparison folder (e.g. results/breastmnist).")
    Path grid;

    @Option(
            names = "--cells",
            defaultValue = "2",
            description = "How many cells, drawn by --seed. Default: ${DEFAULT-VALUE}")
    int cells;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Draws the cells. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--cell",
            paramLabel = "MODEL/METHOD/SEED",
            description = "A cell to re-run (repeatable), instead of drawing them.")
    List<String> named;

    @Option(
            names = "--tolerance",
            defaultValue = "1.0",
            description =
                    "A difference of at most this many seed standard deviations of the cell's"
                            + " method passes when the re-run is not bit-identical. Default: ${DEFAULT-VALUE}")
    double tolerance;

    @Option(names = "--data", description = "The data, when not where the runs recorded it.")
    Path data;

    @Option(
            names = "--out",
            description = "Where the re-runs go (default: runs/verify-<folder name>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path work =
                out != null
                        ? out
                        : Path.of(
                                "runs",
                                "verify-" + grid.toAbsolutePath().normalize().getFileName());
        Verifier.Options options = new Verifier.Options(data, tolerance, work);
        List<CellRef> chosen =
                named != null
                        ? named.stream().map(CellRef::parse).toList()
                        : Verifier.choose(Verifier.cells(grid), cells, seed);
        Folders.checkWritable(work, "output folder");
        System.out.println("verifying " + chosen.size() + " cells of " + grid + ": " + chosen);
        List<CellCheck> checks = new ArrayList<>();
        for (CellRef c : chosen) {
            checks.add(
                    Verifier.verify(
                            grid, c, options, label -> new ConsoleProgress(System.out, label)));
        }
        System.out.println();
        checks.forEach(c -> System.out.println(c.line()));
        List<Object> json = new ArrayList<>();
        for (CellCheck c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cell", c.cell().toString());
            m.put("split", c.split());
            m.put("recorded", c.recorded());
            m.put("rerun", c.rerun());
            m.put("seed_std", c.seedStd());
            m.put("identical", c.identical());
            m.put("same_machine_kind", c.sameMachineKind());
            m.put("verdict", c.verdict().name().toLowerCase(java.util.Locale.ROOT));
            json.add(m);
        }
        AtomicFiles.write(work.resolve("verify.json"), Json.write(json) + "\n");
        boolean pass = checks.stream().allMatch(c -> c.verdict() != CellCheck.Verdict.OUTSIDE);
        System.out.println(
                pass
                        ? "\nverified: every cell is bit-identical or within tolerance"
                        : "\nNOT verified: a cell is outside the tolerance");
        return pass ? 0 : Main.RUN_FAILED;
    }
}
