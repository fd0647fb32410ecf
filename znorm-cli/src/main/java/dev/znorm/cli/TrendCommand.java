package dev.znorm.cli;

import dev.znorm.experiment.report.Trend;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code znorm trend --by images|epochs GRID_DIR...}: how the headline gain moves across grids that
 * differ in the training images or the epochs, as a table and a picture.
 */
@Command(
        name = "trend",
        mixinStandardHelpOptions = true,
        description =
                "The paired gain of each grid's headline pair (first network) against the"
                        + " training images or the epochs the grids differ in: trend-<by>.md and"
                        + " trend-<by>.svg.")
public final class TrendCommand implements Callable<Integer> {

    @Parameters(description = "Comparison folders that differ in the setting --by names.")
    List<Path> grids;

    @Option(
            names = "--by",
            required = true,
            description = "What the grids differ in: ${COMPLETION-CANDIDATES}.")
    Trend.Axis by;

    @Option(names = "--out", required = true, description = "Where the table and picture go.")
    Path out;

    @Option(
            names = "--title",
            defaultValue = "The gain against the training budget",
            description = "The picture's title.")
    String title;

    @Override
    public Integer call() throws Exception {
        System.out.print(Trend.write(grids, by, out, title));
        return 0;
    }
}
