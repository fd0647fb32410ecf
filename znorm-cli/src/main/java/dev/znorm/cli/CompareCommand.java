package dev.znorm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code znorm compare CONFIG.yaml}: every model x method x seed of the config, with the same
 * initial weights and data order for every method at a seed; finished runs are skipped and
 * interrupted ones resumed, so the command can be run again after a crash or across sessions.
 * A run that fails is recorded with its reason and the others go on.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run a grid of models x methods x seeds from a YAML config and write summary.json, report.md, report.html.")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The comparison config (YAML).")
    Path config;

    @Option(names = "--out", description = "Output folder (default: runs/<config name without .yaml>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CompareConfig cfg = CompareConfig.read(config);
        Path dir = out != null ? out : Path.of("runs", config.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        Engines.threads(cfg.threads());
        int threads = cfg.threads() > 0 ? cfg.threads() : Runtime.getRuntime().availableProcessors();
        TrainingRun.checkWritable(dir);
        Datasets.Loaded data = Datasets.loadAny(cfg.dataset(), cfg.data(), cfg.imageSize(), cfg.trainSubset());
        if (!data.evalSplits().contains(cfg.split())) {
            throw new UserError(config + ": split '" + cfg.split() + "' is not in the dataset; it has " + data.evalSplits());
        }
        Files.copy(config, dir.resolve("config.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int total = cfg.size();
        int index = 0;
        int failed = 0;
        for (long seed : cfg.seeds()) {          // seeds outermost: partial grids are balanced
            for (String model : cfg.models()) {
                for (String method : cfg.methods(model)) {
                    index++;
                    Path runDir = CompareConfig.runDir(dir, model, method, seed);
                    String label = String.format("[%d/%d %s %s seed %d]", index, total, model, method, seed);
                    ComparisonReport.Run existing = ComparisonReport.read(runDir, model, method, seed);
                    if (existing.ok()) {
                        System.out.println(label + " finished earlier, skipped");
                        continue;
                    }
                    RunConfig rc = new RunConfig(model, cfg.dataset(), cfg.data(), method, cfg.schedule(), cfg.batch(),
                            cfg.epochs(), 0, seed, threads, cfg.augment(), true, cfg.trainSubset(), cfg.gradStatsEvery(),
                            false, 0, 2, null, cfg.imageSize(), cfg.width(), runDir);
                    try {
                        RunResult r = new TrainingRun(rc, Datasets.task(rc, data), System.out, label, true).run();
                        if (!r.finished()) {
                            failed++;
                        }
                    } catch (UserError e) {
                        throw e;
                    } catch (RuntimeException e) {
                        failed++;
                        System.out.println(label + " FAILED: " + e);
                        TrainingRun.write(runDir.resolve("result.json"), Json.of(Json.object(
                                "status", "failed", "failure", String.valueOf(e), "wall_seconds", Double.NaN,
                                "skipped_steps", 0)) + "\n");
                    }
                    ComparisonReport.write(cfg, dir); // the report grows with the grid
                }
            }
        }
        ComparisonReport.write(cfg, dir);
        System.out.println("\nreport: " + dir.resolve("report.html").toAbsolutePath().normalize()
                + (failed > 0 ? " (" + failed + " runs failed; see the report)" : ""));
        return 0;
    }
}
