package dev.znorm.cli;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.grid.GridSpecReader;
import dev.znorm.experiment.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code znorm report DIR}: rebuilds summary.json, report.md and report.html of a comparison
 * folder.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Rebuild the summary and reports of a comparison folder (written by znorm compare).")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            description = "The comparison's output folder (it holds config.yaml and runs/).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path config = dir.resolve("config.yaml");
        if (!Files.isRegularFile(config)) {
            throw new BadInputException(dir + " is not a comparison folder: no config.yaml in it");
        }
        ReportWriter.write(GridSpecReader.read(config), dir);
        System.out.println("report: " + dir.resolve("report.html").toAbsolutePath().normalize());
        return 0;
    }
}
