package dev.znorm.cli;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.grid.GridRunner;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.grid.GridSpecReader;
import dev.znorm.experiment.io.Folders;
import dev.znorm.experiment.report.MethodResults;
import dev.znorm.experiment.report.ReportModel;
import dev.znorm.experiment.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code znorm demo}: what the tool is for, in about three minutes. ResNet-20 with Adam and with
 * ZNorm + Adam on the CIFAR-10 sample shipped in {@code demo/cifar10}, paired over a few seeds (the
 * same initial weights and data order for both methods at each seed), run as a comparison grid;
 * prints each method's accuracy and the paired difference with its intervals and a one-line
 * reading, and writes the comparison report.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Train ResNet-20 with Adam and with ZNorm + Adam on the bundled CIFAR-10 sample,"
                        + " paired over seeds, and print the paired difference with its interval.")
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--epochs",
            defaultValue = "8",
            description = "Epochs per run. Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(
            names = "--seeds",
            defaultValue = "3",
            description = "Seeds (each runs both methods). Default: ${DEFAULT-VALUE}")
    int seeds;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "Intra-op threads (0: all cores).")
    int threads;

    @Option(
            names = "--data",
            description = "The sample (default: demo/cifar10 in the znorm folder).")
    Path data;

    @Option(
            names = "--out",
            defaultValue = "runs/demo",
            description = "Output folder. Default: ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path sample =
                data != null
                        ? data
                        : Path.of(System.getProperty("znorm.home", ".")).resolve("demo/cifar10");
        if (!Files.isDirectory(sample)) {
            throw new BadInputException(
                    "the demo sample is missing at " + sample + " (pass --data)");
        }
        if (seeds < 1 || epochs < 1) {
            throw new BadInputException("--seeds and --epochs must be >= 1");
        }
        int t = Threads.use(threads);
        Folders.checkWritable(out, "output folder");
        Files.createDirectories(out);
        Path grid = out.resolve("demo.yaml");
        AtomicFiles.write(grid, grid(sample, t));
        GridSpec spec = GridSpecReader.read(grid);
        System.out.printf(
                "znorm demo: ResNet-20, Adam and ZNorm + Adam, paired over %d seed%s on the CIFAR-10"
                        + " sample (%s); %d epochs per run, batch 128, Adam lr 1e-3 with cosine decay,"
                        + " %d threads%n",
                seeds, seeds == 1 ? "" : "s", sample, epochs, t);
        GridRunner.Outcome o =
                new GridRunner(
                                spec,
                                out,
                                label -> new ConsoleProgress(System.out, label),
                                System.out::println)
                        .rerunChanged(true) // another --epochs replaces an earlier demo's runs
                        .run();
        ReportModel m = ReportWriter.write(spec, out);
        System.out.println();
        System.out.print(summary(m));
        System.out.println("\nreport: " + out.resolve("report.html").toAbsolutePath().normalize());
        return o.failed() == 0 && m.notFinished().isEmpty() ? 0 : Main.RUN_FAILED;
    }

    private String grid(Path sample, int t) {
        return "name: \"znorm demo: Adam vs ZNorm + Adam, paired over "
                + seeds
                + " seeds\"\ndataset: cifar10\ndata: '"
                + sample.toAbsolutePath().normalize().toString().replace("'", "''")
                + "'\nmodels: [resnet20]\nmethods: [adam, znorm+adam]\nseeds: ["
                + LongStream.range(0, seeds)
                        .mapToObj(String::valueOf)
                        .collect(Collectors.joining(", "))
                + "]\nepochs: "
                + epochs
                + "\nbatch: 128\nschedule: cosine\nthreads: "
                + t
                + "\nsplit: test\ntarget_accuracy: 0.3\ngrad_stats_every: 20\n";
    }

    /** Each method's test accuracy, then the paired difference and what it says. */
    static String summary(ReportModel m) {
        StringBuilder s = new StringBuilder();
        MethodResults.Row adam = null;
        MethodResults.Row znorm = null;
        for (MethodResults.Row row : m.networks().get(0).results().rows()) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "%-11s test accuracy %s %% (mean ± std over %d/%d seeds)%n",
                            row.method(),
                            dev.znorm.experiment.report.Formats.pct(row.fin()),
                            row.ok(),
                            row.runs().size()));
            if (row.baseline()) {
                adam = row;
            } else {
                znorm = row;
            }
        }
        if (adam == null || znorm == null || znorm.diff().n() == 0) {
            return s.toString();
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "%nZNorm + Adam − Adam, paired by seed: %s pp (95%% t interval), bootstrap %s,"
                                + " ahead at %.0f%% of seeds%n",
                        znorm.diff().interval(100, ".2f"),
                        znorm.diff().bootstrapRange(100, ".2f"),
                        100 * znorm.diff().probabilityOfImprovement()));
        s.append("Reading: ")
                .append(reading(znorm))
                .append(
                        ". A sample of 1,500 images and a few seeds decides nothing about ZNorm"
                                + " itself: the studies in results/ do, at larger scale.\n");
        return s.toString();
    }

    private static String reading(MethodResults.Row znorm) {
        return switch (znorm.diff().verdict()) {
            case ABOVE_ZERO -> "ZNorm + Adam ahead here (the interval excludes 0)";
            case BELOW_ZERO -> "Adam ahead here (the interval excludes 0)";
            case INCONCLUSIVE ->
                    "inconclusive: the interval contains 0, so these seeds cannot tell the methods"
                            + " apart";
            case TOO_FEW_SEEDS -> "one seed gives no interval; run with --seeds 3 or more";
        };
    }
}
