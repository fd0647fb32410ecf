package dev.znorm.cli;

import dev.znorm.experiment.grid.GridRunner;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.grid.GridSpecReader;
import dev.znorm.experiment.report.ReportWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code znorm compare GRID.yaml}: every model x method x seed of the grid, with the same initial
 * weights and data order for every method at a seed; finished runs are skipped and interrupted ones
 * resumed, so the command can be run again after a crash or in another session.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Run a grid of models x methods x seeds from a YAML config and write summary.json, report.md, report.html.")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The comparison config (YAML).")
    Path config;

    @Option(
            names = "--out",
            description = "Output folder (default: runs/<config name without .yaml>).")
    Path out;

    @Option(
            names = "--rerun-changed",
            description =
                    "Run again, from scratch, the cells whose folders hold runs made with other settings"
                            + " (by default such a grid is refused before anything runs).")
    boolean rerunChanged;

    @Override
    public Integer call() throws Exception {
        GridSpec spec = GridSpecReader.read(config);
        Path dir =
                out != null
                        ? out
                        : Path.of(
                                "runs",
                                config.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        GridRunner.Outcome o =
                new GridRunner(
                                spec,
                                dir,
                                label -> new ConsoleProgress(System.out, label),
                                System.out::println)
                        .afterEachRun(
                                cell ->
                                        ReportWriter.write(
                                                spec, dir)) // the report grows with the grid
                        .rerunChanged(rerunChanged)
                        .run();
        ReportWriter.write(spec, dir);
        System.out.println(
                "\nreport: "
                        + dir.resolve("report.html").toAbsolutePath().normalize()
                        + (o.failed() > 0
                                ? " (" + o.failed() + " runs failed; see the report)"
                                : "")
                        + (o.busy() > 0
                                ? " (" + o.busy() + " runs were being made by other processes)"
                                : ""));
        return 0;
    }
}
